import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** One mail as the SMTP server accepted it: its Message-ID and when it answered 250. */
export interface Receipt {
  messageId: string | undefined;
  receivedAt: Date;
}

const childFile = fileURLToPath(new URL('./smtp-recorder-process.ts', import.meta.url));

/**
 * The real SMTP server (services/dev-mail) in a process of its own, as in production it is not
 * the load generator's: its clock is the same machine's, so accept times compare with the
 * database's. `receipts()` asks it for every mail accepted so far.
 */
export async function startSmtpRecorder(): Promise<{
  url: string;
  receipts: () => Promise<Receipt[]>;
  close: () => Promise<void>;
}> {
  const child = spawn(
    process.execPath,
    ['--conditions=@sasaeai/source', '--import', 'tsx', childFile],
    { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] },
  );
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      const match = /PORT (\d+)/.exec(String(chunk));
      if (match) resolve(Number(match[1]));
    });
    child.on('exit', (code) => reject(new Error(`SMTP recorder exited ${code}`)));
  });
  return {
    url: `smtp://127.0.0.1:${port}`,
    receipts: () =>
      new Promise<Receipt[]>((resolve) => {
        child.once('message', (message) => {
          const rows = message as { messageId?: string; at: number }[];
          resolve(rows.map((row) => ({ messageId: row.messageId, receivedAt: new Date(row.at) })));
        });
        child.send('receipts');
      }),
    close: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
