import { onTestFinished } from 'vitest';
import { startSmtpServer, type TestSmtp } from './smtp-server.js';

export type { ReceivedMail, TestSmtp } from './smtp-server.js';

/** A real SMTP server on loopback for one test, closed when the test ends. */
export async function startSmtp(): Promise<TestSmtp> {
  const smtp = await startSmtpServer();
  onTestFinished(() => smtp.close());
  return smtp;
}
