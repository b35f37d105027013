/** Load balancers (`doctl compute load-balancer list -o json`, `GET /v2/load_balancers`). */
import type { Json } from './json';
import type { RawLoadBalancer } from './raw';

export function readLoadBalancer(item: Json): RawLoadBalancer {
  item.object();
  const health = item.get('health_check');
  return {
    id: item.get('id').string(),
    name: item.get('name').string(),
    ip: item.get('ip').optString(),
    ipv6: item.get('ipv6').optString(),
    forwardingRules: item
      .get('forwarding_rules')
      .optArray()
      .map((rule) => {
        const certificateId = rule.get('certificate_id').optString();
        return {
          entryProtocol: rule.get('entry_protocol').string().toLowerCase(),
          entryPort: rule.get('entry_port').int(),
          targetProtocol: rule.get('target_protocol').string().toLowerCase(),
          targetPort: rule.get('target_port').int(),
          tlsPassthrough: rule.get('tls_passthrough').optBool() ?? false,
          // The API prints "" for a rule without one.
          ...(certificateId ? { certificateId } : {}),
        };
      }),
    healthCheck: health.present
      ? {
          protocol: health.get('protocol').string().toLowerCase(),
          port: health.get('port').int(),
          path: health.get('path').optString(),
        }
      : undefined,
    dropletIds: item.get('droplet_ids').ints(),
    tag: item.get('tag').optString(),
    stickySessions: item.get('sticky_sessions').present
      ? item.get('sticky_sessions').get('type').optString()
      : undefined,
  };
}
