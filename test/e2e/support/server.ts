/**
 * Starts the real Bulwark server (CLI `serve`) on a fresh temporary SQLite database, with the demo
 * plant seeded, and hands back its base URL. Used by the browser tests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..');

export interface RunningServer {
  baseUrl: string;
  /** Everything the server printed, for diagnosing a failure. */
  output: () => string;
  stop: () => Promise<void>;
}

const LISTENING = /Bulwark listening on (http:\/\/[^\s]+)/;

export async function startServer(options: { timeoutMs?: number } = {}): Promise<RunningServer> {
  const dir = mkdtempSync(join(tmpdir(), 'bulwark-e2e-'));
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/cli/main.ts', '--db', join(dir, 'e2e.db'), 'serve', '--host', '127.0.0.1', '--port', '0'],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } },
  );
  let log = '';
  const exited = new Promise<void>((done) => child.once('exit', () => done()));

  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    const baseUrl = await new Promise<string>((ready, fail) => {
      const timer = setTimeout(() => fail(new Error(`server did not start in time:\n${log}`)), options.timeoutMs ?? 90_000);
      const onData = (chunk: Buffer): void => {
        log += chunk.toString('utf8');
        const match = LISTENING.exec(log);
        if (match?.[1]) {
          clearTimeout(timer);
          ready(match[1].replace(/\/$/, ''));
        }
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      child.once('exit', (code) => {
        clearTimeout(timer);
        fail(new Error(`server exited with code ${code} before listening:\n${log}`));
      });
    });
    return { baseUrl, output: () => log, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
