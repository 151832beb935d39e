/** Issue #11 item 15: the nuclear norm's gradient at rank-deficient input is the documented subgradient. */
import { norm } from '@svd/ops-svd';
import { backward, variable } from '@svd/tape';
import * as T from '@svd/tensor';
import { expect, it } from 'vitest';

it('norm(diag(1, 0), "nuc") has gradient I: U·Vᴴ over all singular pairs, null pair included', () => {
  const x = variable(
    T.tensor([
      [1, 0],
      [0, 0],
    ]),
  );
  backward(norm(x, { ord: 'nuc' }));
  expect(x.grad!.toArray()).toEqual([
    [1, 0],
    [0, 1],
  ]);
});
