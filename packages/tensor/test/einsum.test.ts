import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ShapeError, ValueError, adjoint, conj, einsum, eye, slice, tensor, transpose } from '../src/index.js';
import { entries, intTensor, maxDiff, naiveEinsum } from './helpers.js';

const LABELS = 'abcde';

describe('einsum', () => {
  it('matches a naive loop on random subscripts (repeats, sums, outer products, zero sizes)', () => {
    const spec = fc.record({
      sizes: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: LABELS.length, maxLength: LABELS.length }),
      terms: fc.array(fc.array(fc.integer({ min: 0, max: LABELS.length - 1 }), { maxLength: 3 }), {
        minLength: 1,
        maxLength: 4,
      }),
      outPick: fc.array(fc.boolean(), { minLength: LABELS.length, maxLength: LABELS.length }),
      implicit: fc.boolean(),
      complex: fc.boolean(),
      seed: fc.integer(),
    });
    fc.assert(
      fc.property(spec, ({ sizes, terms, outPick, implicit, complex, seed }) => {
        const labels = terms.map((t) => t.map((q) => LABELS[q]!));
        const used = [...new Set(labels.flat())].sort();
        const operands = labels.map((ls, i) =>
          intTensor(
            ls.map((l) => sizes[LABELS.indexOf(l)]!),
            complex && i % 2 === 0 ? 'complex128' : 'float64',
            seed + i,
          ),
        );
        let out: string[];
        let subscripts = labels.map((ls) => ls.join('')).join(',');
        if (implicit) {
          const counts = new Map<string, number>();
          for (const l of labels.flat()) counts.set(l, (counts.get(l) ?? 0) + 1);
          out = used.filter((l) => counts.get(l) === 1);
        } else {
          out = used.filter((l) => outPick[LABELS.indexOf(l)]);
          out.reverse();
          subscripts += `->${out.join('')}`;
        }
        const got = einsum(subscripts, ...operands);
        const ref = naiveEinsum(labels, operands, out);
        expect(got.shape).toEqual(ref.shape);
        expect(maxDiff(got, ref)).toBe(0);
      }),
      { numRuns: 300 },
    );
  });

  it('computes traces, diagonals, transposes, outer products and sums', () => {
    const A = tensor([
      [1, 2, 3],
      [4, 5, 6],
      [7, 8, 9],
    ]);
    expect(einsum('ii', A).item()).toBe(15);
    expect(einsum('ii->', A).item()).toBe(15);
    expect(einsum('ii->i', A).toArray()).toEqual([1, 5, 9]);
    expect(einsum('ij->ji', A).toArray()).toEqual(transpose(A).toArray());
    expect(einsum('ji', A).toArray()).toEqual(transpose(A).toArray()); // implicit: output 'ij'
    expect(einsum('ij', A).toArray()).toEqual(A.toArray());
    expect(einsum('ij->', A).item()).toBe(45);
    expect(einsum('ij->j', A).toArray()).toEqual([12, 15, 18]);
    expect(einsum('i,j', tensor([1, 2]), tensor([3, 4, 5])).toArray()).toEqual([
      [3, 4, 5],
      [6, 8, 10],
    ]);
    expect(einsum('i,i', tensor([1, 2]), tensor([3, 4])).item()).toBe(11);
    expect(einsum('ij,jk', A, eye(3)).toArray()).toEqual(A.toArray());
    expect(einsum('ij,ij->', A, A).item()).toBe(285);
    // rank-3 diagonal and a rank-0 operand
    const T = intTensor([2, 2, 2], 'float64', 3);
    expect(maxDiff(einsum('iii->i', T), naiveEinsum([['i', 'i', 'i']], [T], ['i']))).toBe(0);
    expect(einsum(',ij->ij', tensor(2), A).toArray()).toEqual(
      (A.toArray() as number[][]).map((r) => r.map((x) => 2 * x)),
    );
  });

  it('implicit mode orders output letters alphabetically, upper case first (ASCII)', () => {
    const X = intTensor([2, 3], 'float64', 1);
    const Y = intTensor([3, 4], 'float64', 2);
    // 'ba,aC' → output 'Cb'
    const got = einsum('ba,aC', X, Y);
    expect(got.shape).toEqual([4, 2]);
    expect(
      maxDiff(
        got,
        naiveEinsum(
          [
            ['b', 'a'],
            ['a', 'C'],
          ],
          [X, Y],
          ['C', 'b'],
        ),
      ),
    ).toBe(0);
  });

  it('contracts chains of several operands', () => {
    const A = intTensor([2, 3], 'float64', 1);
    const B = intTensor([3, 4], 'float64', 2);
    const C = intTensor([4, 5], 'float64', 3);
    const D = intTensor([5, 2], 'float64', 4);
    const got = einsum('ij,jk,kl,lm->im', A, B, C, D);
    expect(
      maxDiff(
        got,
        naiveEinsum(
          [
            ['i', 'j'],
            ['j', 'k'],
            ['k', 'l'],
            ['l', 'm'],
          ],
          [A, B, C, D],
          ['i', 'm'],
        ),
      ),
    ).toBe(0);
    // trace of a product of four matrices
    const tr = einsum('ij,jk,kl,li->', A, B, C, D);
    expect(tr.shape).toEqual([]);
    expect(
      maxDiff(
        tr,
        naiveEinsum(
          [
            ['i', 'j'],
            ['j', 'k'],
            ['k', 'l'],
            ['l', 'i'],
          ],
          [A, B, C, D],
          [],
        ),
      ),
    ).toBe(0);
    // batch indices shared by three operands
    const X = intTensor([3, 2, 4], 'float64', 5);
    const Y = intTensor([3, 4], 'float64', 6);
    const Z = intTensor([3, 2], 'float64', 7);
    const r = einsum('bij,bj,bi->b', X, Y, Z);
    expect(
      maxDiff(
        r,
        naiveEinsum(
          [
            ['b', 'i', 'j'],
            ['b', 'j'],
            ['b', 'i'],
          ],
          [X, Y, Z],
          ['b'],
        ),
      ),
    ).toBe(0);
  });

  it('supports ellipsis with broadcasting of size-1 axes', () => {
    const T = intTensor([2, 3, 4], 'float64', 1);
    const got = einsum('...ij->...ji', T);
    expect(got.shape).toEqual([2, 4, 3]);
    expect(maxDiff(got, naiveEinsum([['a', 'i', 'j']], [T], ['a', 'j', 'i']))).toBe(0);
    const X = intTensor([5, 1, 2, 3], 'float64', 2);
    const Y = intTensor([4, 3, 2], 'float64', 3);
    const bm = einsum('...ij,...jk->...ik', X, Y);
    expect(bm.shape).toEqual([5, 4, 2, 2]);
    // implicit: ellipsis axes first, then single letters
    expect(einsum('...ij,...jk', X, Y).shape).toEqual([5, 4, 2, 2]);
    // reference: broadcast X over the 4-axis by hand
    const ref = naiveEinsum(
      [
        ['p', 'i', 'j'],
        ['j', 'k'],
      ],
      [slice(X, null, 0), slice(Y, 0)],
      ['p', 'i', 'k'],
    );
    const got0 = slice(bm, null, 0);
    expect(maxDiff(got0, ref)).toBe(0);
    // summing the ellipsis block away
    expect(einsum('...i->i', T).shape).toEqual([4]);
    expect(maxDiff(einsum('...i->i', T), naiveEinsum([['a', 'b', 'i']], [T], ['i']))).toBe(0);
  });

  it('accepts transposed, sliced and conjugated views (no conjugation of its own)', () => {
    const Z = intTensor([4, 3], 'complex128', 1);
    const W = intTensor([4, 5], 'complex128', 2);
    const got = einsum('ij,ik->jk', conj(Z), W); // Zᴴ W
    expect(
      maxDiff(
        got,
        naiveEinsum(
          [
            ['i', 'j'],
            ['i', 'k'],
          ],
          [conj(Z), W],
          ['j', 'k'],
        ),
      ),
    ).toBe(0);
    const got2 = einsum('ij,jk->ik', adjoint(Z), slice(W, null, [null, null, -1]).contiguous());
    expect(entries(got2)).toEqual(
      entries(einsum('ij,jk->ik', adjoint(Z).contiguous(), slice(W, null, [null, null, -1]))),
    );
    expect(einsum('ii', adjoint(intTensor([3, 3], 'complex128', 4))).getComplex()).toEqual(
      einsum('ii', conj(intTensor([3, 3], 'complex128', 4))).getComplex(),
    );
  });

  it('returns a fresh buffer even when no arithmetic is needed', () => {
    const A = intTensor([2, 2], 'float64', 1);
    const r = einsum('ij->ij', A);
    expect(r.data).not.toBe(A.data);
    expect(r.toArray()).toEqual(A.toArray());
  });

  it('names the index and both sizes on a mismatch', () => {
    const A = intTensor([2, 3], 'float64', 1);
    const B = intTensor([4, 5], 'float64', 2);
    expect(() => einsum('ij,jk->ik', A, B)).toThrow(ShapeError);
    expect(() => einsum('ij,jk->ik', A, B)).toThrow(
      "einsum: size mismatch for index 'j': 3 in operand 0 (axis 1) vs 4 in operand 1 (axis 0)",
    );
    expect(() => einsum('ii', A)).toThrow(
      "einsum: size mismatch for index 'i': 2 in operand 0 (axis 0) vs 3 in operand 0 (axis 1)",
    );
  });

  it('rejects malformed subscripts', () => {
    const A = intTensor([2, 3], 'float64', 1);
    expect(() => einsum('ij,jk', A)).toThrow("einsum: subscripts 'ij,jk' name 2 operand(s) but 1 were given");
    expect(() => einsum('ijk', A)).toThrow(
      "einsum: operand 0 has rank 2 (shape [2, 3]) but its subscripts 'ijk' name 3 axes",
    );
    expect(() => einsum('ij->ik', A)).toThrow(ValueError);
    expect(() => einsum('ij->ik', A)).toThrow("output index 'k' does not appear in any operand's subscripts");
    expect(() => einsum('ij->ii', A)).toThrow("output index 'i' appears more than once");
    expect(() => einsum('i1', A)).toThrow("invalid character '1'");
    expect(() => einsum('i..j', A)).toThrow('invalid ellipsis');
    expect(() => einsum('ij->i->j', A)).toThrow("contain '->' more than once");
    expect(() => einsum('...i,...i', intTensor([2, 3], 'float64', 1), intTensor([4, 3], 'float64', 2))).toThrow(
      'ellipsis axes cannot be broadcast together: size 2 in operand 0 (axis 0) vs size 4 in operand 1 (axis 0)',
    );
  });
});
