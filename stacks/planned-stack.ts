/**
 * The TerraformStack every plan stack is rendered into. It differs from cdktf's in three places: every
 * element's Terraform has its literal text escaped (stacks/escape-templates.ts), and, for speed,
 * `prepareStack` and `ensureBackendExists`.
 *
 * Escaping: before anything resolves an element, its `toTerraform` and `toHclTerraform` are wrapped, once,
 * so each call escapes the element's fresh output. Every path that reads an element goes through them:
 * `prepareStack` (both ways below), `toTerraform` (synth, and `Testing.synth`, which skips
 * `prepareStack`), `toHclTerraform` (`synth --hcl`, `Testing.synthHcl`). Elements added later (cross-stack
 * outputs and remote-state reads) are wrapped by the next of these calls.
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
import { renderCheckBlocksHcl } from './check-block';
import { renderRemovedBlocksHcl } from './removed-block';
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

import { escapeElementTerraform } from './escape-templates';
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

  /** Set once prepared: later elements (cross-stack outputs, remote-state reads) are direct children. */
  private prepared = false;

  public override prepareStack(): void {
    // The list is taken before resolving, as cdktf does: remote-state reads added on the way need no pass.
    const elements = elementsOf(this);
    escapeElementsOf(elements);
    this.prepared = true;
    if (cdktfAsShipped() || hasAspects(this.node.root)) {
      super.prepareStack();
      return;
    }
    this.ensureBackendExists();
    for (const element of elements) {
      const prepared: unknown = Tokenization.resolve(element.toTerraform(), {
        scope: this,
        preparing: true,
        resolver: CONCAT,
      });
      markResolved(prepared);
      // The next toTerraform() of the element returns it; any later call computes (and escapes) afresh.
      handedBack.set(element, prepared);
    }
  }

  public override toTerraform(): ReturnType<TerraformStack['toTerraform']> {
    escapeElementsOf(this.elementsAddedLately());
    return super.toTerraform();
  }

  public override toHclTerraform(): ReturnType<TerraformStack['toHclTerraform']> {
    escapeElementsOf(this.elementsAddedLately());
    const out = super.toHclTerraform();
    // cdktf's HCL renderer skips block types it does not know: the check and removed blocks are written here.
    const elements = elementsOf(this);
    const extra = renderCheckBlocksHcl(this, elements) + renderRemovedBlocksHcl(this, elements);
    return extra === '' ? out : { ...out, hcl: `${out.hcl}${extra}` };
  }

  /**
   * The elements that may not be wrapped yet: all of them before `prepareStack`; after it, only the stack's
   * direct children, where cdktf adds the outputs and remote-state reads of cross-stack references (a
   * walk of the whole tree per stack was a tenth of the escaping's cost).
   */
  private elementsAddedLately(): TerraformElement[] {
    if (!this.prepared) return elementsOf(this);
    return this.node.children.filter(TerraformElement.isTerraformElement);
  }
}

const escaping = new WeakSet<TerraformElement>();
/** What the preparing pass resolved, for the element's next toTerraform(). */
const handedBack = new WeakMap<TerraformElement, unknown>();

/** Wraps the Terraform of each element not wrapped yet: every later call returns it escaped. */
function escapeElementsOf(elements: TerraformElement[]): void {
  for (const element of elements) {
    if (escaping.has(element)) continue;
    escaping.add(element);
    const json = element.toTerraform;
    const hcl = element.toHclTerraform;
    defineMethod(element, 'toTerraform', () => {
      const prepared = handedBack.get(element);
      if (prepared !== undefined) {
        handedBack.delete(element);
        return prepared;
      }
      return escapeElementTerraform(json.call(element), 'json');
    });
    defineMethod(element, 'toHclTerraform', () => escapeElementTerraform(hcl.call(element), 'hcl'));
  }
}

function defineMethod(element: TerraformElement, name: string, value: () => unknown): void {
  Object.defineProperty(element, name, { configurable: true, writable: true, value });
}

/** The stack's own elements, not those of nested stacks (cdktf's terraformElements). */
function elementsOf(node: IConstruct, into: TerraformElement[] = []): TerraformElement[] {
  if (TerraformElement.isTerraformElement(node)) into.push(node);
  for (const child of node.node.children) {
    if (!TerraformStack.isStack(child)) elementsOf(child, into);
  }
  return into;
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
