/** Reading secrets and answers: from standard input, or from the terminal without echo. */
import { createInterface } from 'node:readline';
import { BulwarkError, InputError } from '../model/errors.js';

/** All of standard input as text, with one trailing line break removed. */
export async function readStdinLine(what: string): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write(`${what} (then Ctrl-D): `);
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
  if (text === '') throw new InputError(`no ${what} on standard input`, { code: 'bad-usage' });
  return text;
}

/** A line typed on the terminal (shown as typed). */
export async function askLine(prompt: string): Promise<string> {
  if (!process.stdin.isTTY) throw new InputError(`no terminal to ask for the ${prompt.replace(/:\s*$/, '')}; give it as an option`, { code: 'bad-usage' });
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return await new Promise<string>((resolve) => rl.question(prompt, resolve));
  } finally {
    rl.close();
  }
}

/** A secret typed on the terminal without echo. */
export async function askSecret(prompt: string, hint: string): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY) throw new InputError(`no terminal to ask for the password: ${hint}`, { code: 'bad-usage' });
  process.stderr.write(prompt);
  stdin.setRawMode(true);
  stdin.resume();
  stdin.setEncoding('utf8');
  try {
    return await new Promise<string>((resolve, reject) => {
      let value = '';
      const onData = (chunk: string) => {
        for (const ch of chunk) {
          if (ch === '\r' || ch === '\n' || ch === '\u0004') {
            stdin.off('data', onData);
            process.stderr.write('\n');
            resolve(value);
            return;
          }
          if (ch === '\u0003') {
            stdin.off('data', onData);
            process.stderr.write('\n');
            reject(new BulwarkError('interrupted', 'interrupted'));
            return;
          }
          if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
          else if (ch >= ' ') value += ch;
        }
      };
      stdin.on('data', onData);
    });
  } finally {
    stdin.setRawMode(false);
    stdin.pause();
  }
}

/**
 * A password: from standard input with `fromStdin`, else from the environment variable, else asked
 * on the terminal without echo.
 */
export async function readPassword(options: { fromStdin?: boolean; envVar?: string; prompt?: string }): Promise<string> {
  if (options.fromStdin) return readStdinLine('password');
  const fromEnv = options.envVar ? process.env[options.envVar] : undefined;
  if (fromEnv) return fromEnv;
  const password = await askSecret(options.prompt ?? 'password: ', `pipe it with --password-stdin${options.envVar ? ` or set ${options.envVar}` : ''}`);
  if (password === '') throw new InputError('no password given', { code: 'bad-usage' });
  return password;
}
