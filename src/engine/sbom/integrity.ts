/**
 * Consistency checks over a normalised SBOM, shared by every reader: duplicate refs, dependency edges
 * that point nowhere, dependency cycles, invalid purls and invalid SPDX licence expressions. They
 * are warnings with a place, never exceptions: a flawed SBOM is still worth reading.
 */
import { PackageURL } from 'packageurl-js';
import parseSpdxExpression from 'spdx-expression-parse';
import type { Place } from '../../model/errors.js';
import { flattenComponents, type SbomComponent, type SbomDocument, type SbomIssue } from '../../model/sbom.js';

/** Report at most this many issues of one kind, so a broken 50k-component SBOM stays readable. */
const MAX_ISSUES_PER_KIND = 200;

export function checkSbomIntegrity(doc: SbomDocument): SbomIssue[] {
  const all = flattenComponents(doc.components);
  const withSubject = doc.metadata.component ? [doc.metadata.component, ...all] : all;
  return [
    ...capped(duplicateRefs(withSubject)),
    ...capped(danglingEdges(doc, withSubject)),
    ...capped(dependencyCycles(doc)),
    ...capped(invalidPurls(withSubject)),
    ...capped(invalidLicences(withSubject)),
  ];
}

function capped(issues: SbomIssue[]): SbomIssue[] {
  if (issues.length <= MAX_ISSUES_PER_KIND) return issues;
  const first = issues[0] as SbomIssue;
  return [
    ...issues.slice(0, MAX_ISSUES_PER_KIND),
    { severity: 'warning', code: first.code, message: `${issues.length - MAX_ISSUES_PER_KIND} more issues of this kind not listed` },
  ];
}

function duplicateRefs(components: SbomComponent[]): SbomIssue[] {
  const seen = new Map<string, Place>();
  const issues: SbomIssue[] = [];
  for (const c of components) {
    if (c.refSynthesised) continue;
    const first = seen.get(c.ref);
    if (first) {
      issues.push({
        severity: 'warning',
        code: 'duplicate-ref',
        message: `duplicate component ref "${c.ref}" (first at ${describePlace(first)})`,
        ...c.place,
      });
    } else {
      seen.set(c.ref, c.place);
    }
  }
  return issues;
}

function danglingEdges(doc: SbomDocument, components: SbomComponent[]): SbomIssue[] {
  const known = new Set([...components.map((c) => c.ref), ...doc.otherRefs]);
  // The SPDX document itself and refs into other documents are legitimate edge ends.
  const isKnown = (ref: string) => known.has(ref) || ref === 'SPDXRef-DOCUMENT' || ref.startsWith('DocumentRef-') || ref.includes(':DocumentRef-');
  const issues: SbomIssue[] = [];
  for (const edge of doc.dependencies) {
    for (const end of [edge.from, edge.to]) {
      if (!isKnown(end)) {
        issues.push({ severity: 'warning', code: 'dangling-ref', message: `dependency refers to unknown ref "${end}"`, ...edge.place });
      }
    }
  }
  return issues;
}

/** Strongly connected components of the depends-on graph (iterative Tarjan: no recursion limit). */
function dependencyCycles(doc: SbomDocument): SbomIssue[] {
  const graph = new Map<string, string[]>();
  const placeOf = new Map<string, Place | undefined>();
  for (const e of doc.dependencies) {
    if (e.kind !== 'depends-on') continue;
    let targets = graph.get(e.from);
    if (!targets) graph.set(e.from, (targets = []));
    targets.push(e.to);
    if (!placeOf.has(e.from)) placeOf.set(e.from, e.place);
  }
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const issues: SbomIssue[] = [];
  let counter = 0;
  for (const start of graph.keys()) {
    if (index.has(start)) continue;
    const work: Array<{ node: string; next: number }> = [{ node: start, next: 0 }];
    index.set(start, counter);
    low.set(start, counter++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const frame = work[work.length - 1] as { node: string; next: number };
      const targets = graph.get(frame.node) ?? [];
      if (frame.next < targets.length) {
        const to = targets[frame.next++] as string;
        if (!index.has(to)) {
          index.set(to, counter);
          low.set(to, counter++);
          stack.push(to);
          onStack.add(to);
          work.push({ node: to, next: 0 });
        } else if (onStack.has(to)) {
          low.set(frame.node, Math.min(low.get(frame.node) as number, index.get(to) as number));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node) as number, low.get(frame.node) as number));
      if (low.get(frame.node) === index.get(frame.node)) {
        const members: string[] = [];
        let member: string;
        do {
          member = stack.pop() as string;
          onStack.delete(member);
          members.push(member);
        } while (member !== frame.node);
        const selfLoop = members.length === 1 && (graph.get(frame.node) ?? []).includes(frame.node);
        if (members.length > 1 || selfLoop) {
          members.reverse();
          issues.push({
            severity: 'warning',
            code: 'dependency-cycle',
            message: `dependency cycle: ${[...members, members[0]].join(' → ')}`,
            ...placeOf.get(frame.node),
          });
        }
      }
    }
  }
  return issues;
}

function invalidPurls(components: SbomComponent[]): SbomIssue[] {
  const issues: SbomIssue[] = [];
  for (const c of components) {
    if (!c.purl) continue;
    const problem = purlProblem(c.purl);
    if (problem) issues.push({ severity: 'warning', code: 'invalid-purl', message: `invalid purl "${c.purl}": ${problem}`, ...c.place });
  }
  return issues;
}

export function purlProblem(purl: string): string | undefined {
  try {
    PackageURL.fromString(purl);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

const licenceVerdicts = new Map<string, string | undefined>();

/** Why an SPDX licence expression is invalid, or undefined when it parses. Memoised: SBOMs repeat licences. */
export function licenceExpressionProblem(expression: string): string | undefined {
  if (licenceVerdicts.has(expression)) return licenceVerdicts.get(expression);
  let problem: string | undefined;
  try {
    parseSpdxExpression(expression);
  } catch (error) {
    problem = error instanceof Error ? error.message : String(error);
  }
  if (licenceVerdicts.size > 10_000) licenceVerdicts.clear();
  licenceVerdicts.set(expression, problem);
  return problem;
}

function invalidLicences(components: SbomComponent[]): SbomIssue[] {
  const issues: SbomIssue[] = [];
  for (const c of components) {
    for (const expression of c.licenses) {
      const problem = licenceExpressionProblem(expression);
      if (problem) {
        issues.push({
          severity: 'warning',
          code: 'invalid-license',
          message: `invalid SPDX licence expression "${expression}": ${problem}`,
          ...c.place,
        });
      }
    }
  }
  return issues;
}

function describePlace(place: Place): string {
  if (place.pointer !== undefined) return place.pointer;
  if (place.line !== undefined) return `line ${place.line}`;
  return 'an earlier component';
}
