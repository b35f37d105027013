/**
 * GitHub Actions limits the generated deploy workflows live within (compiler/ci/workflows.ts) and the rules
 * check a spec against (schema/rules/ci.ts).
 */

/**
 * A job on a GitHub-hosted runner runs for at most 6 hours of execution time, then is terminated
 * ("Limits in GitHub Actions", Job execution time: https://docs.github.com/en/actions/reference/limits
 * #existing-system-limits); `timeout-minutes` can only lower it there.
 */
export const MAX_JOB_MINUTES = 360;

/** What building, pushing and a rolling update take at most, before a blue/green app's bake time. */
export const BUILD_MINUTES = 30;

/** The longest bake a blue/green deploy job can wait through on a hosted runner: 330 minutes. */
export const MAX_CI_BAKE_MINUTES = MAX_JOB_MINUTES - BUILD_MINUTES;
