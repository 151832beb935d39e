/**
 * CPU time per OS thread of this process, from /proc/self/task/<tid>/stat (Linux; utime + stime
 * in clock ticks of 10 ms). On a loaded machine the wall time of a 2-thread run says more about
 * the scheduler than about the code; the CPU time of the busiest thread is the run's critical
 * path if every thread had a core of its own, so 1-thread busiest / 2-thread busiest (totals
 * over many runs) is the speed-up the code itself allows.
 */
import { readFileSync, readdirSync } from 'node:fs';

const TICK_MS = 10; // CLK_TCK = 100 on Linux x64

/** CPU milliseconds by thread id, or null off Linux. */
export function threadCpuMs(): Map<string, number> | null {
  try {
    const out = new Map<string, number>();
    for (const tid of readdirSync('/proc/self/task')) {
      let stat: string;
      try {
        stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      } catch {
        continue; // the thread ended meanwhile
      }
      // fields after the parenthesised name: state is field 3, utime 14, stime 15
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(tid, (Number(fields[11]) + Number(fields[12])) * TICK_MS);
    }
    return out;
  } catch {
    return null;
  }
}

/**
 * Accumulates the CPU time of each thread over many timed runs (between `before` and `after`
 * snapshots); `busiest()` is the largest total, so the 10 ms tick rounds once, not per run.
 */
export class ThreadCpuTotals {
  private readonly totals = new Map<string, number>();
  private available = true;

  add(before: Map<string, number> | null, after: Map<string, number> | null): void {
    if (before === null || after === null) {
      this.available = false;
      return;
    }
    for (const [tid, ms] of after) this.totals.set(tid, (this.totals.get(tid) ?? 0) + ms - (before.get(tid) ?? 0));
  }

  /** The largest total CPU time of one thread (ms), or NaN off Linux. */
  busiest(): number {
    if (!this.available) return Number.NaN;
    let most = 0;
    for (const ms of this.totals.values()) most = Math.max(most, ms);
    return most;
  }
}
