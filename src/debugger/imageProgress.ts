// How far the writing of a large image has come, in steps a front end shows (a line in the CLI,
// a progress notification in VS Code): small images say nothing.
/** Images smaller than this are written without progress. */
export const PROGRESS_FROM = 64n << 20n;

export interface ImageStep { percent: number; doneMB: number; totalMB: number }

/** A progress callback for writeCore that tells `step` at each `every` percent of a large image. */
export function imageProgress(step: (s: ImageStep) => void, every = 10): (done: bigint, total: bigint) => void {
  let shown = 0;
  return (done, total) => {
    if (total < PROGRESS_FROM) return;
    const percent = Number((done * 100n) / total);
    if (percent < shown + every && done < total) return;
    shown = percent - (percent % every);
    step({ percent, doneMB: Number(done >> 20n), totalMB: Number(total >> 20n) });
  };
}
