import { createTask, type RunCoordinator, type ScheduledTask } from 'node-cron';
import type { Logger } from '../../services/ports/logger.js';

export interface Job {
  name: string;
  /** Cron expression in Europe/London. */
  cron: string;
  /** A thin call into an idempotent service method. */
  run(now: Date): Promise<unknown>;
}

export interface Scheduler {
  start(): void;
  stop(): Promise<void>;
  /** Runs a job now, outside its schedule (tests, admin). */
  runNow(name: string, now: Date): Promise<unknown>;
}

/** node-cron in Europe/London, no overlapping runs, one instance per fire through the coordinator. */
export function createScheduler(jobs: Job[], opts: { coordinator: RunCoordinator; log: Logger }): Scheduler {
  const tasks: ScheduledTask[] = [];
  const byName = new Map(jobs.map((j) => [j.name, j]));

  const execute = async (job: Job, now: Date) => {
    const started = Date.now();
    opts.log.debug({ job: job.name }, 'job started');
    try {
      const result = await job.run(now);
      // Most fires find nothing to do; only work done is worth an info line.
      const level = didWork(result) ? 'info' : 'debug';
      opts.log[level]({ job: job.name, ms: Date.now() - started, result }, 'job finished');
      return result;
    } catch (err) {
      opts.log.error({ job: job.name, ms: Date.now() - started, err: (err as Error).message }, 'job failed');
      throw err;
    }
  };

  return {
    start() {
      for (const job of jobs) {
        tasks.push(
          createTask(job.cron, (ctx) => execute(job, ctx.date), {
            name: job.name,
            timezone: 'Europe/London',
            noOverlap: true,
            distributed: true,
            runCoordinator: opts.coordinator,
          }),
        );
      }
      for (const t of tasks) void t.start();
    },
    async stop() {
      await Promise.all(tasks.map((t) => t.stop()));
      tasks.length = 0;
    },
    async runNow(name, now) {
      const job = byName.get(name);
      if (!job) throw new Error(`no job named ${name}`);
      return execute(job, now);
    },
  };
}

/** A job's report counts what it did; all zeros means an idle fire. */
function didWork(result: unknown): boolean {
  if (!result || typeof result !== 'object') return result !== undefined;
  return Object.values(result).some((v) => (typeof v === 'number' ? v > 0 : Array.isArray(v) ? v.length > 0 : v !== undefined && v !== false));
}
