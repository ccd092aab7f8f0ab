import type { Clock } from '../clock.ts';
import { MINUTE } from '../clock.ts';
import type { Mailer } from './mailer.ts';
import type { OutboxStore } from './outbox.store.ts';

const MAX_ATTEMPTS = 8;
const BATCH = 20;

/** 1 min, 2 min, 4 min … capped at 1 hour. */
export function retryDelay(attempt: number): number {
  return Math.min(60 * MINUTE, MINUTE * 2 ** Math.max(0, attempt - 1));
}

/**
 * Sends what the outbox holds. Each row is marked sent only after the SMTP server accepted it, so a crash
 * loses nothing; failures are retried with backoff and marked failed after `MAX_ATTEMPTS`.
 */
export class OutboxWorker {
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<number> | undefined;

  constructor(
    private readonly outbox: OutboxStore,
    private readonly mailer: Mailer,
    private readonly clock: Clock,
    private readonly log: (line: string) => void = () => {},
  ) {}

  /** Sends every due mail once; returns how many were sent. Concurrent calls share one run. */
  runOnce(): Promise<number> {
    this.#running ??= this.#drain().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  async #drain(): Promise<number> {
    let sent = 0;
    for (;;) {
      const due = await this.outbox.listDue(this.clock.now(), BATCH);
      if (due.length === 0) return sent;
      for (const mail of due) {
        try {
          await this.mailer.send({ messageId: mail.messageId, to: mail.to, subject: mail.subject, text: mail.body, html: mail.html });
          await this.outbox.markSent(mail.id, this.clock.now());
          sent++;
        } catch (error) {
          const attempt = mail.attempts + 1;
          const next = attempt >= MAX_ATTEMPTS ? null : this.clock.now() + retryDelay(attempt);
          await this.outbox.markAttemptFailed(mail.id, String((error as Error).message ?? error).slice(0, 500), next);
          this.log(`[civique] mail ${mail.messageId} failed (attempt ${attempt}): ${(error as Error).message}`);
        }
      }
      if (due.length < BATCH) return sent;
    }
  }

  /** Polls every `intervalMs`; `nudge()` sends at once after an event wrote a mail. */
  start(intervalMs = 5_000): void {
    this.#timer = setInterval(() => void this.runOnce(), intervalMs);
    this.#timer.unref();
    void this.runOnce();
  }

  nudge(): void {
    if (this.#timer) setImmediate(() => void this.runOnce());
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
