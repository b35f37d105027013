/**
 * Values the compiler cannot know (ids and endpoints that exist only after apply) are symbolic references.
 * `stacks/` resolves each one to the token of the resource that produces it; when producer and consumer
 * live in different stacks, cdktf turns that into a cross-stack output + remote state.
 *
 * Keys are dotted paths owned by the part of the plan that produces them, e.g.
 * `network.vpc.id`, `network.subnets.private.0.id`, `network.sg.app-web.id`, `data.db.main.address`,
 * `secrets.app-key.arn`, `apps.alb.dns_name`.
 */
export interface Ref {
  readonly ref: string;
}

/** A plan value: a literal known at compile time, or a reference resolved at synth. */
export type Value = string | Ref;
