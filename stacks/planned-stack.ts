/**
 * The TerraformStack every plan stack is rendered into. It differs from cdktf's in two places, both for
 * speed: `prepareStack` and `ensureBackendExists`.
 *
 * cdktf resolves every element of every stack twice: a "preparing" pass, whose only purpose is to let
 * cross-stack references register their outputs and remote-state reads, and then the real pass at synth,
 * which gives the same result (a reference resolves to the same text once its cross-stack identifier is
 * set, and nothing else in cdktf reads the `preparing` flag). Here the preparing pass keeps its result
 * and the element hands it back, once, to the synth that follows, so each element is resolved once.
 * Resolving an already resolved value is the identity, so the output is the same byte for byte
 * (`__tests__/stacks/fast-resolve.test.ts`). Aspects could change an element between the two passes, so a
 * tree with aspects keeps cdktf's behaviour, as does DROPSHIP_CDKTF_RESOLVE=1.
 */
import type { IConstruct } from 'constructs';
import {
  Aspects,
  DefaultTokenResolver,
  StringConcat,
  TerraformBackend,
  TerraformElement,
  TerraformStack,
  Tokenization,
} from 'cdktf';

import { markResolved } from './fast-resolve';
import { cdktfAsShipped } from './patch-module';

const CONCAT = new DefaultTokenResolver(new StringConcat());

export class PlannedStack extends TerraformStack {
  private backend: TerraformBackend | undefined;

  /**
   * cdktf looks the backend up by walking the whole stack, once per cross-stack reference into it: with
   * 1,000 app stacks reading the platform stack that was most of a per-app synth. The backend is set when
   * the stack is created (stacks/backend.ts) and never replaced, so the first answer holds.
   */
  public override ensureBackendExists(): TerraformBackend {
    this.backend ??= super.ensureBackendExists();
    return this.backend;
  }

  public override prepareStack(): void {
    if (cdktfAsShipped() || hasAspects(this.node.root)) {
      super.prepareStack();
      return;
    }
    this.ensureBackendExists();
    // The list is taken before resolving, as cdktf does: remote-state reads added on the way need no pass.
    for (const element of elementsOf(this)) {
      const prepared: unknown = Tokenization.resolve(element.toTerraform(), {
        scope: this,
        preparing: true,
        resolver: CONCAT,
      });
      markResolved(prepared);
      handBackOnce(element, prepared);
    }
  }
}

/** The stack's own elements, not those of nested stacks (cdktf's terraformElements). */
function elementsOf(node: IConstruct, into: TerraformElement[] = []): TerraformElement[] {
  if (TerraformElement.isTerraformElement(node)) into.push(node);
  for (const child of node.node.children) {
    if (!TerraformStack.isStack(child)) elementsOf(child, into);
  }
  return into;
}

/** The next `toTerraform()` returns `prepared`; any later call computes afresh. */
function handBackOnce(element: TerraformElement, prepared: unknown): void {
  Object.defineProperty(element, 'toTerraform', {
    configurable: true,
    writable: true,
    value: () => {
      delete (element as { toTerraform?: unknown }).toTerraform;
      return prepared;
    },
  });
}

/** Asked once per app: all stacks are prepared together, after the whole tree is built. */
const aspectsByRoot = new WeakMap<IConstruct, boolean>();
function hasAspects(root: IConstruct): boolean {
  let found = aspectsByRoot.get(root);
  if (found === undefined) {
    found = root.node.findAll().some((node) => Aspects.of(node).all.length > 0);
    aspectsByRoot.set(root, found);
  }
  return found;
}
