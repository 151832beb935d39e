import type { RuleSpec } from './defineRule.js';
import type { Var } from './Var.js';

/**
 * One recorded application of a rule: the inputs it read (as Vars, constants included), the
 * outputs it produced, and whatever its forward saved. `released` is set once a backward pass
 * without `retainGraph` has consumed it, after which its references are dropped.
 */
export class Node {
  spec: RuleSpec<unknown> | null;
  inputs: readonly Var[];
  outputs: readonly Var[] = [];
  saved: unknown;
  released = false;
  readonly name: string;

  constructor(spec: RuleSpec<unknown>, inputs: readonly Var[], saved: unknown) {
    this.spec = spec;
    this.inputs = inputs;
    this.saved = saved;
    this.name = spec.name;
  }

  release(): void {
    this.released = true;
    this.spec = null;
    this.saved = undefined;
    // Inputs are kept: the traversal of other roots may still need the graph's shape. Outputs
    // are kept too (they point back at us); the heavy parts (saved tensors) are gone.
  }
}
