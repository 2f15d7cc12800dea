import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './fixtures.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  input?: string | Buffer;
  env?: Record<string, string>;
}

/**
 * The compiled CLI when every source file's output is at least as new as the source (CI builds
 * right after the checkout, in `npm ci`), else the sources through tsx. Compiling the CLI's import
 * graph in every spawned process cost seconds per command on a loaded machine. Per file, because
 * the build is incremental: it rewrites only the outputs of changed sources.
 */
function cliCommand(): string[] {
  const dist = join(repoRoot, 'dist');
  const built = join(dist, 'cli', 'main.js');
  const fromSource = ['--import', 'tsx', join(repoRoot, 'src', 'cli', 'main.ts')];
  if (process.env.BULWARK_TEST_CLI === 'source' || !existsSync(built)) return fromSource;
  if (process.env.BULWARK_TEST_CLI === 'dist') return [built];
  const staleOutput = (dir: string, rel: string): boolean =>
    readdirSync(dir, { withFileTypes: true }).some((e) => {
      const path = join(dir, e.name);
      // Tests and their helpers are not built (tsconfig.build.json).
      if (e.isDirectory()) return e.name !== 'test-support' && staleOutput(path, join(rel, e.name));
      if (!/\.ts$/.test(e.name) || /\.(d|test)\.ts$/.test(e.name) || e.name === 'test-support.ts') return false;
      const output = join(dist, rel, e.name.replace(/\.ts$/, '.js'));
      return !existsSync(output) || statSync(output).mtimeMs < statSync(path).mtimeMs;
    });
  return staleOutput(join(repoRoot, 'src'), '') ? fromSource : [built];
}

/** The node arguments that start the CLI (see cliCommand). */
export const CLI = cliCommand();

/**
 * The child's environment: never the credentials (`bulwark login`) or server of the person running
 * the tests, unless a test sets them.
 */
function cliEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', BULWARK_CONFIG_DIR: join(tmpdir(), 'bulwark-test-no-credentials') };
  for (const name of ['BULWARK_SERVER', 'BULWARK_TOKEN', 'BULWARK_CA', 'BULWARK_PASSWORD', 'BULWARK_INSECURE_HTTP']) delete env[name];
  return { ...env, ...extra };
}

/** Runs the real `bulwark` CLI as a child process. */
export function runCli(args: string[], options: CliOptions = {}): CliResult {
  const r = spawnSync(process.execPath, [...CLI, ...args], {
    cwd: repoRoot,
    input: options.input,
    env: cliEnv(options.env),
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Like runCli, without blocking the event loop: for tests that serve the API in-process. */
export function runCliAsync(args: string[], options: CliOptions = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...CLI, ...args], { cwd: repoRoot, env: cliEnv(options.env), stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), 170_000);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}
