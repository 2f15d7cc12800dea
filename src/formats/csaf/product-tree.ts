/**
 * Resolves a CSAF product tree into flat products: branches walked with a depth bound, the branch
 * path turned into vendor / family / name / version / version range (names verbatim), identification
 * helpers flattened, relationships resolved to their base components with cycles cut.
 */
import type { Issue } from '../../model/errors.js';
import type { CsafIdentificationHelpers, CsafProduct } from '../../model/intel.js';
import { childPointer } from '../json/pointer.js';
import { asArray, asObject, asString, asStringArray, type JsonObject } from '../json/values.js';

/** Real trees are < 10 deep; the bound only protects against hostile documents. */
export const MAX_BRANCH_DEPTH = 40;

export interface ResolvedProductTree {
  products: Map<string, CsafProduct>;
  groups: Map<string, { productIds: string[]; summary?: string }>;
}

function readHelpers(raw: unknown): CsafIdentificationHelpers {
  const helper = asObject(raw) ?? {};
  const purls = [...asStringArray(helper.purls)];
  const purl = asString(helper.purl);
  if (purl) purls.unshift(purl);
  const result: CsafIdentificationHelpers = {
    purls,
    hashes: asArray(helper.hashes).flatMap((item) => {
      const hash = asObject(item);
      const filename = asString(hash?.filename);
      if (!filename) return [];
      const hashes = asArray(hash?.file_hashes).flatMap((entry) => {
        const algorithm = asString(asObject(entry)?.algorithm);
        const value = asString(asObject(entry)?.value);
        return algorithm && value ? [{ algorithm, value }] : [];
      });
      return [{ filename, hashes }];
    }),
    modelNumbers: asStringArray(helper.model_numbers),
    serialNumbers: asStringArray(helper.serial_numbers),
    skus: asStringArray(helper.skus),
    sbomUrls: asStringArray(helper.sbom_urls),
    genericUris: asArray(helper.x_generic_uris).flatMap((item) => {
      const namespace = asString(asObject(item)?.namespace);
      const uri = asString(asObject(item)?.uri);
      return namespace && uri ? [{ namespace, uri }] : [];
    }),
  };
  const cpe = asString(helper.cpe);
  if (cpe) result.cpe = cpe;
  return result;
}

type PathStep = { category: string; name: string };

function productFrom(fullName: JsonObject, pointer: string, path: PathStep[]): CsafProduct | undefined {
  const productId = asString(fullName.product_id);
  if (!productId) return undefined;
  const product: CsafProduct = {
    productId,
    name: asString(fullName.name) ?? productId,
    attributes: [],
    helpers: readHelpers(fullName.product_identification_helper),
    pointer,
  };
  for (const step of path) {
    switch (step.category) {
      case 'vendor':
        product.vendor = step.name;
        break;
      case 'product_family':
        product.productFamily = product.productFamily ? `${product.productFamily} / ${step.name}` : step.name;
        break;
      case 'product_name':
        product.productName = step.name;
        break;
      case 'product_version':
        product.version = step.name;
        break;
      case 'product_version_range':
        product.versionRange = step.name;
        break;
      default:
        product.attributes.push(step);
    }
  }
  return product;
}

export function resolveProductTree(raw: unknown, issues: Issue[]): ResolvedProductTree {
  const products = new Map<string, CsafProduct>();
  const groups = new Map<string, { productIds: string[]; summary?: string }>();
  const tree = asObject(raw);
  if (!tree) return { products, groups };

  const add = (fullName: unknown, pointer: string, path: PathStep[]): CsafProduct | undefined => {
    const object = asObject(fullName);
    const product = object ? productFrom(object, pointer, path) : undefined;
    if (!product) {
      issues.push({ pointer, code: 'invalid-product', message: 'product without product_id; ignored' });
      return undefined;
    }
    if (products.has(product.productId)) {
      issues.push({ pointer, code: 'duplicate-product-id', message: `product_id ${product.productId} defined more than once; first definition kept` });
      return undefined;
    }
    products.set(product.productId, product);
    return product;
  };

  // Explicit stack instead of recursion: depth is bounded and reported, never a stack overflow.
  const stack: Array<{ branches: unknown[]; pointer: string; path: PathStep[] }> = [
    { branches: asArray(tree.branches), pointer: '/product_tree/branches', path: [] },
  ];
  while (stack.length > 0) {
    const { branches, pointer, path } = stack.pop() as (typeof stack)[number];
    for (let index = branches.length - 1; index >= 0; index--) {
      const branch = asObject(branches[index]);
      const branchPointer = childPointer(pointer, index);
      if (!branch) continue;
      const steps = [...path, { category: asString(branch.category) ?? 'unknown', name: asString(branch.name) ?? '' }];
      if (branch.product !== undefined) add(branch.product, childPointer(branchPointer, 'product'), steps);
      if (Array.isArray(branch.branches)) {
        if (steps.length >= MAX_BRANCH_DEPTH) {
          issues.push({ pointer: branchPointer, code: 'branch-depth', message: `product tree deeper than ${MAX_BRANCH_DEPTH} branches; deeper branches ignored` });
        } else {
          stack.push({ branches: branch.branches, pointer: childPointer(branchPointer, 'branches'), path: steps });
        }
      }
    }
  }
  asArray(tree.full_product_names).forEach((item, index) => add(item, childPointer('/product_tree/full_product_names', index), []));
  asArray(tree.relationships).forEach((item, index) => {
    const relationship = asObject(item);
    const pointer = childPointer('/product_tree/relationships', index);
    const productReference = asString(relationship?.product_reference);
    const relatesTo = asString(relationship?.relates_to_product_reference);
    if (!relationship || !productReference || !relatesTo) {
      issues.push({ pointer, code: 'invalid-relationship', message: 'relationship without product references; ignored' });
      return;
    }
    const product = add(relationship.full_product_name, childPointer(pointer, 'full_product_name'), []);
    if (product) product.relationship = { category: asString(relationship.category) ?? 'unknown', productReference, relatesToProductReference: relatesTo };
  });
  asArray(tree.product_groups).forEach((item) => {
    const group = asObject(item);
    const groupId = asString(group?.group_id);
    if (groupId) groups.set(groupId, { productIds: asStringArray(group?.product_ids), summary: asString(group?.summary) });
  });

  for (const product of products.values()) {
    if (product.relationship) product.componentIds = baseComponents(product.productId, products);
  }
  return { products, groups };
}

/** Non-relationship products a (relationship) product is built from; a visited set cuts cycles. */
function baseComponents(productId: string, products: Map<string, CsafProduct>): string[] {
  const result: string[] = [];
  const visited = new Set<string>([productId]);
  const start = products.get(productId)?.relationship;
  const queue = start ? [start.productReference, start.relatesToProductReference] : [];
  while (queue.length > 0) {
    const id = queue.shift() as string;
    if (visited.has(id)) continue;
    visited.add(id);
    const relationship = products.get(id)?.relationship;
    if (relationship) queue.push(relationship.productReference, relationship.relatesToProductReference);
    else result.push(id);
  }
  return result;
}
