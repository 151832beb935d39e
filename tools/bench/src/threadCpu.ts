/**
 * CPU time per OS thread of this process, from /proc/self/task/<tid>/stat (Linux; utime + stime
 * in clock ticks of 10 ms). On a loaded machine the wall time of a 2-thread run says more about
 * the scheduler than about the code; the CPU time of the busiest thread is the run's critical
 * path if every thread had a core of its own, so 1-thread busiest / 2-thread busiest bounds the
 * speed-up the code itself allows.
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

/** The largest CPU time any thread spent between two snapshots (ms), or NaN without them. */
export function busiestThreadMs(before: Map<string, number> | null, after: Map<string, number> | null): number {
  if (before === null || after === null) return Number.NaN;
  let most = 0;
  for (const [tid, ms] of after) most = Math.max(most, ms - (before.get(tid) ?? 0));
  return most;
}
