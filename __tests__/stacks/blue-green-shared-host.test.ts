/**
 * A blue/green app on a shared hostname and on a second domain (issue 18):
 *
 * - its CodeDeploy test listener carries every domain's certificate its hostnames need, as the production
 *   listener does (one ACM certificate per domain, chosen by SNI): the default one of its first hostname's
 *   domain, the others attached with aws_lb_listener_certificate;
 * - no CALCULATED health check has a CALCULATED child, which Route 53 refuses ("You can't configure a
 *   calculated health check to monitor the health of other calculated health checks", Route 53 Developer
 *   Guide, health-checks-creating-values): the shared hostname's check lists the blue/green app's two target
 *   group checks, and needs one healthy child per app.
 */
import { compile } from '../../compiler';
import { multiDomainBlueGreenApi } from '../helpers/blue-green-shared';
import { loadExample, resourcesOfType, synthRoleJson } from '../helpers/synth';

describe('a blue/green app on two domains', () => {
  const apps = synthRoleJson(compile(multiDomainBlueGreenApi(10)), 'apps');

  it("its test listener's default is its first hostname's domain's certificate, and the other domain's is attached", () => {
    const listener = resourcesOfType(apps, 'aws_lb_listener')['api-test-listener'];
    expect(listener.certificate_arn).toBe(
      '${aws_acm_certificate_validation.certificate-validation.certificate_arn}',
    );
    const attached = resourcesOfType(apps, 'aws_lb_listener_certificate');
    expect(attached['api-test-listener-certificate_example-estate_org']).toMatchObject({
      listener_arn: '${aws_lb_listener.api-test-listener.arn}',
      certificate_arn:
        '${aws_acm_certificate_validation.certificate-validation_example-estate_org.certificate_arn}',
      lifecycle: { create_before_destroy: true },
    });
    // The production listener carries the same certificate, attached once.
    expect(attached['listener-certificate_example-estate_org'].listener_arn).toBe(
      '${aws_lb_listener.listener-https.arn}',
    );
  });

  it('a blue/green app on one domain attaches nothing to its test listener', () => {
    const json = synthRoleJson(compile(loadExample('blue-green')), 'apps');
    expect(Object.keys(resourcesOfType(json, 'aws_lb_listener_certificate'))).toEqual([]);
  });
});

describe('the shared hostname of a blue/green app', () => {
  const plan = compile(multiDomainBlueGreenApi(10));
  const cutover = synthRoleJson(plan, 'cutover');

  it('the decision says why, and what it costs during a deployment', () => {
    const decision = plan.cutover!.decisions.find((d) => d.subject === 'cutover.awsHealth')!;
    expect(decision.choice).toContain(
      'www.example-estate.com: CALCULATED, at least 2 of 3 healthy (all of site, api)',
    );
    expect(decision.rule).toContain('A CALCULATED check may not monitor another CALCULATED check');
    expect(decision.rule).toContain('that surplus can stand in for another app on the same hostname');
  });

  const checks = resourcesOfType(cutover, 'aws_route53_health_check');
  const ids = new Map(Object.entries(checks).map(([id]) => [`\${aws_route53_health_check.${id}.id}`, id]));

  it('no CALCULATED check has a CALCULATED child', () => {
    const calculated = Object.entries(checks).filter(([, c]) => c.type === 'CALCULATED');
    expect(calculated.length).toBeGreaterThan(0);
    for (const [id, c] of calculated)
      for (const child of c.child_healthchecks as string[])
        expect([id, ids.has(child) ? checks[ids.get(child)!].type : 'from the apps stack']).toEqual([
          id,
          'from the apps stack',
        ]);
  });

  it("www's check lists site's check and both of api's target group checks, and needs one healthy per app", () => {
    const www = Object.entries(checks).find(([id]) => id.includes('www') && id.endsWith('_aws-all'))![1];
    expect(www.child_healthchecks).toEqual([
      expect.stringMatching(/outputs\.route53_health_check_id_site\}$/),
      expect.stringMatching(/outputs\.route53_health_check_id_api\}$/),
      expect.stringMatching(/outputs\.route53_health_check_id_api_green\}$/),
    ]);
    expect(www.child_health_threshold).toBe(2);
  });
});
