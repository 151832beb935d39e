import { checkTensor } from './checkTensor.js';
import { describeValue } from './describeValue.js';
import { ShapeError, ValueError, fmtShape } from './errors.js';
import { ones } from './creation.js';
import { matmul } from './matmul.js';
import { sizeOf } from './shape.js';
import { Tensor } from './Tensor.js';
import { permute, reshape } from './views.js';

/**
 * A label is a subscript letter, or `.<p>` for the p-th axis of the broadcast ellipsis block
 * (p counts from the left of the block, which is right-aligned across operands).
 */
type Label = string;

interface Term {
  t: Tensor;
  labels: Label[];
}

const isLetter = (ch: string): boolean => /^[a-zA-Z]$/.test(ch);

/** Splits one term ('ij', 'i...k', '...') into letters and the ellipsis position (or -1). */
function parseTerm(op: string, s: string, where: string): { letters: string[]; ellipsisAt: number } {
  const letters: string[] = [];
  let ellipsisAt = -1;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (ch === '.') {
      if (s.slice(i, i + 3) !== '...' || ellipsisAt !== -1) {
        throw new ValueError(op, `invalid ellipsis in ${where} '${s}': use '...' at most once`);
      }
      ellipsisAt = letters.length;
      i += 2;
    } else if (isLetter(ch)) {
      letters.push(ch);
    } else {
      throw new ValueError(
        op,
        `invalid character '${ch}' in ${where} '${s}' (subscripts are letters a-z, A-Z and '...')`,
      );
    }
  }
  return { letters, ellipsisAt };
}

/**
 * Einstein summation, NumPy's `einsum` without its `optimize` options.
 *
 * - Explicit mode `'ij,jk->ik'`: the output axes are the letters after `->`, in that order.
 * - Implicit mode `'ij,jk'`: the output is the broadcast ellipsis axes, then every letter that
 *   occurs exactly once in the inputs, in alphabetical (ASCII: upper case first) order; so
 *   `'ii'` is a trace and `'ij'` is the identity, `'ji'` a transpose.
 * - A letter repeated within one operand takes that operand's diagonal (`'ii->i'`).
 * - Letters absent from the output are summed over.
 * - `...` stands for the same broadcast block of axes in every operand that uses it (size-1
 *   axes stretch, as in NumPy); letters themselves must agree exactly in size.
 *
 * Evaluation order: first every operand has its diagonals taken (a strided view) and the
 * letters that occur in it alone (and not in the output) summed out. Then, while more than one
 * operand is left, the pair whose contraction has the smallest result (number of elements) is
 * contracted next; ties go to the pair with the fewest multiply-adds, then to the leftmost
 * pair. Each pairwise contraction is permute + reshape to [batch, rows, k]·[batch, k, cols] +
 * one batched `matmul`, so conjugated and transposed views reach the gemm kernels without a
 * copy when their layout allows. No conjugation is applied; dtypes are promoted.
 *
 * @example
 * einsum('ij,jk->ik', A, B);   // matmul
 * einsum('ii', A);             // trace (rank 0)
 * einsum('bij,bjk->bik', X, Y);
 * einsum('i,j->ij', u, v);     // outer product
 * einsum('...ij->...ji', T);
 */
export function einsum(subscripts: string, ...operands: Tensor[]): Tensor {
  const op = 'einsum';
  if (typeof subscripts !== 'string') {
    throw new ValueError(op, `the subscripts must be a string such as 'ij,jk->ik', got ${describeValue(subscripts)}`);
  }
  for (let i = 0; i < operands.length; i++) checkTensor(op, operands[i], `operand ${i}`);
  const spec = subscripts.replace(/\s+/g, '');
  const arrow = spec.indexOf('->');
  if (arrow !== -1 && spec.indexOf('->', arrow + 1) !== -1)
    throw new ValueError(op, `subscripts '${subscripts}' contain '->' more than once`);
  const lhs = arrow === -1 ? spec : spec.slice(0, arrow);
  const rhs = arrow === -1 ? null : spec.slice(arrow + 2);
  const termStrings = lhs.split(',');
  if (operands.length === 0) throw new ValueError(op, 'expected at least one operand');
  if (termStrings.length !== operands.length) {
    throw new ValueError(
      op,
      `subscripts '${subscripts}' name ${termStrings.length} operand(s) but ${operands.length} were given`,
    );
  }

  // Parse, check ranks, and find the width of the ellipsis block.
  const parsed = termStrings.map((s, i) => parseTerm(op, s, `operand ${i}'s subscripts`));
  let ellipsisRank = 0;
  parsed.forEach((p, i) => {
    const t = operands[i]!;
    if (p.ellipsisAt === -1) {
      if (t.ndim !== p.letters.length) {
        throw new ShapeError(
          op,
          `operand ${i} has rank ${t.ndim} (shape ${fmtShape(t.shape)}) but its subscripts '${termStrings[i]}' name ${p.letters.length} axes`,
        );
      }
    } else {
      if (t.ndim < p.letters.length) {
        throw new ShapeError(
          op,
          `operand ${i} has rank ${t.ndim} (shape ${fmtShape(t.shape)}) but its subscripts '${termStrings[i]}' name ${p.letters.length} axes besides '...'`,
        );
      }
      ellipsisRank = Math.max(ellipsisRank, t.ndim - p.letters.length);
    }
  });

  // Sizes per label: letters must agree exactly; ellipsis axes broadcast.
  const sizes = new Map<Label, number>();
  const seenAt = new Map<Label, string>();
  const axisLabels: Label[][] = parsed.map((p, i) => {
    const t = operands[i]!;
    const labels: Label[] = [...p.letters];
    if (p.ellipsisAt !== -1) {
      const e = t.ndim - p.letters.length;
      const block = Array.from({ length: e }, (_, q) => `.${ellipsisRank - e + q}`);
      labels.splice(p.ellipsisAt, 0, ...block);
    }
    labels.forEach((l, ax) => {
      const d = t.shape[ax]!;
      const prev = sizes.get(l);
      const where = `operand ${i} (axis ${ax})`;
      if (prev === undefined) {
        sizes.set(l, d);
        seenAt.set(l, where);
      } else if (prev !== d) {
        if (l.startsWith('.')) {
          if (d === 1) return;
          if (prev === 1) {
            sizes.set(l, d);
            seenAt.set(l, where);
            return;
          }
          throw new ShapeError(
            op,
            `ellipsis axes cannot be broadcast together: size ${prev} in ${seenAt.get(l)} vs size ${d} in ${where}`,
          );
        }
        throw new ShapeError(op, `size mismatch for index '${l}': ${prev} in ${seenAt.get(l)} vs ${d} in ${where}`);
      }
    });
    return labels;
  });

  // Output labels.
  const ellipsisLabels = Array.from({ length: ellipsisRank }, (_, q) => `.${q}`);
  let output: Label[];
  if (rhs === null) {
    const counts = new Map<string, number>();
    for (const p of parsed) for (const l of p.letters) counts.set(l, (counts.get(l) ?? 0) + 1);
    const once = [...counts.keys()].filter((l) => counts.get(l) === 1).sort();
    output = [...ellipsisLabels, ...once];
  } else {
    const p = parseTerm(op, rhs, 'the output subscripts');
    const seen = new Set<string>();
    for (const l of p.letters) {
      if (seen.has(l)) throw new ValueError(op, `output index '${l}' appears more than once in '${rhs}'`);
      seen.add(l);
      if (!sizes.has(l)) throw new ValueError(op, `output index '${l}' does not appear in any operand's subscripts`);
    }
    output = [...p.letters];
    if (p.ellipsisAt !== -1) output.splice(p.ellipsisAt, 0, ...ellipsisLabels);
  }
  const outSet = new Set(output);

  // Per operand: diagonals, broadcasting of ellipsis axes, and sums over private labels.
  let terms: Term[] = operands.map((t, i) => diagonalView(t, axisLabels[i]!, sizes));
  const occurrences = new Map<Label, number>();
  for (const term of terms) for (const l of term.labels) occurrences.set(l, (occurrences.get(l) ?? 0) + 1);
  terms = terms.map((term) =>
    sumOut(
      term,
      term.labels.filter((l) => !outSet.has(l) && occurrences.get(l) === 1),
    ),
  );

  // Greedy pairwise contraction.
  while (terms.length > 1) {
    let best: { i: number; j: number; size: number; cost: number } | null = null;
    for (let i = 0; i < terms.length; i++) {
      for (let j = i + 1; j < terms.length; j++) {
        const { kept, all } = pairLabels(terms, i, j, outSet);
        const size = sizeOf(kept.map((l) => sizes.get(l)!));
        const cost = sizeOf(all.map((l) => sizes.get(l)!));
        if (best === null || size < best.size || (size === best.size && cost < best.cost)) best = { i, j, size, cost };
      }
    }
    const { i, j } = best!;
    const merged = contractPair(terms, i, j, outSet, sizes);
    terms = terms.filter((_, q) => q !== i && q !== j);
    terms.push(merged);
  }

  const last = terms[0]!;
  let result = permute(
    last.t,
    output.map((l) => last.labels.indexOf(l)),
  );
  result = result.contiguous();
  // Never hand back an input's buffer (einsum('ij', A) must not alias A).
  if (operands.some((o) => o.data === result.data))
    result = new Tensor(result.toTypedArray(true), result.dtype, result.shape);
  return result;
}

/**
 * A view of `t` with one axis per distinct label: a repeated label becomes one axis whose
 * stride is the sum of the repeated axes' strides (the diagonal), and size-1 ellipsis axes are
 * stretched to the broadcast size with stride 0.
 */
function diagonalView(t: Tensor, labels: Label[], sizes: Map<Label, number>): Term {
  const uniq: Label[] = [];
  const shape: number[] = [];
  const strides: number[] = [];
  labels.forEach((l, ax) => {
    const q = uniq.indexOf(l);
    if (q === -1) {
      uniq.push(l);
      const full = sizes.get(l)!;
      shape.push(full);
      strides.push(t.shape[ax] === full ? t.strides[ax]! : 0);
    } else {
      strides[q] = strides[q]! + t.strides[ax]!;
    }
  });
  return { t: new Tensor(t.data, t.dtype, shape, strides, t.offset, t.conjugated), labels: uniq };
}

/** Sums `term` over `drop` (a subset of its labels) as one matmul with a ones vector. */
function sumOut(term: Term, drop: Label[]): Term {
  if (drop.length === 0) return term;
  const { t, labels } = term;
  const keep = labels.filter((l) => !drop.includes(l));
  const keepAxes = keep.map((l) => labels.indexOf(l));
  const dropAxes = drop.map((l) => labels.indexOf(l));
  const keepShape = keepAxes.map((a) => t.shape[a]!);
  const s = sizeOf(dropAxes.map((a) => t.shape[a]!));
  const flat = reshape(permute(t, [...keepAxes, ...dropAxes]), [sizeOf(keepShape), s]);
  const summed = matmul(flat, ones([s], { dtype: t.dtype }));
  return { t: reshape(summed, keepShape), labels: keep };
}

/** Labels of the contraction of terms i and j: those kept in the result, and all involved. */
function pairLabels(terms: Term[], i: number, j: number, outSet: Set<Label>): { kept: Label[]; all: Label[] } {
  const needed = new Set(outSet);
  terms.forEach((term, q) => {
    if (q !== i && q !== j) for (const l of term.labels) needed.add(l);
  });
  const all = [...new Set([...terms[i]!.labels, ...terms[j]!.labels])];
  return { kept: all.filter((l) => needed.has(l)), all };
}

/**
 * Contracts terms i and j: labels in both and needed later are batch axes, labels in both and
 * not needed are summed (the matmul's k), the others stay. The result's labels are
 * batch, then x's kept, then y's kept.
 */
function contractPair(terms: Term[], i: number, j: number, outSet: Set<Label>, sizes: Map<Label, number>): Term {
  const needed = new Set(outSet);
  terms.forEach((term, q) => {
    if (q !== i && q !== j) for (const l of term.labels) needed.add(l);
  });
  // Private labels no longer needed (cannot normally happen after the initial sums) go first.
  const x0 = terms[i]!;
  const y0 = terms[j]!;
  const x = sumOut(
    x0,
    x0.labels.filter((l) => !needed.has(l) && !y0.labels.includes(l)),
  );
  const y = sumOut(
    y0,
    y0.labels.filter((l) => !needed.has(l) && !x0.labels.includes(l)),
  );
  const shared = x.labels.filter((l) => y.labels.includes(l));
  const batch = shared.filter((l) => needed.has(l));
  const contracted = shared.filter((l) => !needed.has(l));
  const xKeep = x.labels.filter((l) => !shared.includes(l));
  const yKeep = y.labels.filter((l) => !shared.includes(l));
  const size = (ls: Label[]): number => sizeOf(ls.map((l) => sizes.get(l)!));
  const axes = (term: Term, ls: Label[]): number[] => ls.map((l) => term.labels.indexOf(l));
  const xm = reshape(permute(x.t, axes(x, [...batch, ...xKeep, ...contracted])), [
    size(batch),
    size(xKeep),
    size(contracted),
  ]);
  const ym = reshape(permute(y.t, axes(y, [...batch, ...contracted, ...yKeep])), [
    size(batch),
    size(contracted),
    size(yKeep),
  ]);
  const prod = matmul(xm, ym);
  const shape = [...batch, ...xKeep, ...yKeep].map((l) => sizes.get(l)!);
  return { t: reshape(prod, shape), labels: [...batch, ...xKeep, ...yKeep] };
}
