/**
 * Terraform `removed` blocks (Terraform 1.7+) with `lifecycle { destroy = false }`, which cdktf 0.21 has no
 * construct for: the resource leaves the configuration and the state, and stays in the account
 * (developer.hashicorp.com/terraform/language/resources/syntax#removing-resources). Used where a resource
 * that holds data moves out of a stack, so that no apply destroys it.
 *
 * JSON: each element writes `removed: [...]`; cdktf concatenates the arrays of a stack's elements. HCL:
 * cdktf's renderer skips block types it does not know, so `PlannedStack.toHclTerraform` appends
 * `renderRemovedBlocksHcl`. The address is dropship's own (a resource type and a construct id), never text
 * from the spec beyond its validated names.
 */
import { TerraformElement, type TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';

export class RemovedBlock extends TerraformElement {
  constructor(
    scope: Construct,
    id: string,
    readonly from: string,
  ) {
    super(scope, id);
  }

  static isRemovedBlock(x: unknown): x is RemovedBlock {
    return x instanceof RemovedBlock;
  }

  override toTerraform(): unknown {
    return { removed: [{ from: this.from, lifecycle: { destroy: false } }] };
  }

  override toHclTerraform(): unknown {
    return {};
  }
}

/** The HCL of the stack's removed blocks. */
export function renderRemovedBlocksHcl(
  _stack: TerraformStack,
  elements: readonly TerraformElement[],
): string {
  return elements
    .filter(RemovedBlock.isRemovedBlock)
    .map((r) => `\n\nremoved {\n  from = ${r.from}\n  lifecycle {\n    destroy = false\n  }\n}`)
    .join('');
}
