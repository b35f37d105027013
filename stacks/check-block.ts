/**
 * Terraform `check` blocks (Terraform 1.5+), which cdktf 0.21 has no construct for: a scoped data source
 * read on every plan and apply, and an assertion over it whose failure is a warning, not an error
 * (developer.hashicorp.com/terraform/language/checks). A failing scoped data source (the resource not
 * created yet) is a warning too, so a check never blocks a plan.
 *
 * JSON: the element writes `check.<name>` like any block, merged by the stack. HCL: cdktf's HCL renderer
 * skips block types it does not know, so `PlannedStack.toHclTerraform` appends `renderCheckBlocksHcl`.
 */
import {
  DefaultTokenResolver,
  StringConcat,
  TerraformElement,
  Tokenization,
  type TerraformStack,
} from 'cdktf';
import type { Construct } from 'constructs';

export interface CheckBlockConfig {
  /** The scoped data source: its type and its arguments (tokens allowed). */
  data: { type: string; arguments: Record<string, unknown> };
  /** The condition, a Terraform expression over `data.<type>.<name>` (a token: never escaped). */
  condition: (dataAddress: string) => string;
  errorMessage: string;
}

export class CheckBlock extends TerraformElement {
  constructor(
    scope: Construct,
    readonly name: string,
    private readonly config: CheckBlockConfig,
  ) {
    super(scope, name);
  }

  static isCheckBlock(x: unknown): x is CheckBlock {
    return x instanceof CheckBlock;
  }

  override toTerraform(): unknown {
    return { check: { [this.name]: this.body() } };
  }

  override toHclTerraform(): unknown {
    return this.toTerraform();
  }

  private body(): Record<string, unknown> {
    const { data, condition, errorMessage } = this.config;
    return {
      data: { [data.type]: { [this.name]: data.arguments } },
      assert: [{ condition: condition(`data.${data.type}.${this.name}`), error_message: errorMessage }],
    };
  }
}

/**
 * The HCL of the stack's check blocks, from each element's (escaped) `toHclTerraform()`, resolved in the
 * stack and written with cdktf's attribute renderer (its escaping fixed by stacks/hcl.ts).
 */
export function renderCheckBlocksHcl(stack: TerraformStack, elements: readonly TerraformElement[]): string {
  const { renderSimpleAttributes } = require('cdktf/lib/hcl/render') as {
    renderSimpleAttributes: (attributes: Record<string, unknown>) => string;
  };
  let out = '';
  for (const element of elements) {
    if (!CheckBlock.isCheckBlock(element)) continue;
    const fragment = Tokenization.resolve(element.toHclTerraform(), {
      scope: stack,
      preparing: false,
      resolver: new DefaultTokenResolver(new StringConcat()),
    }) as {
      check: Record<string, CheckBody>;
    };
    for (const [name, body] of Object.entries(fragment.check)) {
      const data = Object.entries(body.data).flatMap(([type, byName]) =>
        Object.entries(byName).map(
          ([dataName, args]) =>
            `data ${JSON.stringify(type)} ${JSON.stringify(dataName)} {\n${renderSimpleAttributes(args)}\n}`,
        ),
      );
      const asserts = body.assert.map((a) => `assert {\n${renderSimpleAttributes(a)}\n}`);
      out += `\n\ncheck ${JSON.stringify(name)} {\n${[...data, ...asserts].join('\n')}\n}`;
    }
  }
  return out;
}

interface CheckBody {
  data: Record<string, Record<string, Record<string, unknown>>>;
  assert: Record<string, unknown>[];
}
