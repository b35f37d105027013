/** Cloud firewalls (`doctl compute firewall list -o json`, `GET /v2/firewalls`). */
import type { Json } from './json';
import type { RawEndpoints, RawFirewall, RawFirewallRule } from './raw';

export function readFirewall(item: Json): RawFirewall {
  item.object();
  return {
    id: item.get('id').string(),
    name: item.get('name').string(),
    inbound: item
      .get('inbound_rules')
      .optArray()
      .map((rule) => readRule(rule, 'sources')),
    outbound: item
      .get('outbound_rules')
      .optArray()
      .map((rule) => readRule(rule, 'destinations')),
    dropletIds: item.get('droplet_ids').ints(),
    tags: item.get('tags').strings(),
  };
}

function readRule(rule: Json, endpointsKey: 'sources' | 'destinations'): RawFirewallRule {
  rule.object();
  const endpoints = rule.get(endpointsKey);
  return {
    protocol: rule.get('protocol').string().toLowerCase(),
    ports: rule.get('ports').optString(),
    endpoints: endpoints.present ? readEndpoints(endpoints) : undefined,
  };
}

function readEndpoints(endpoints: Json): RawEndpoints {
  endpoints.object();
  return {
    addresses: endpoints.get('addresses').strings(),
    tags: endpoints.get('tags').strings(),
    dropletIds: endpoints.get('droplet_ids').ints(),
    loadBalancerIds: endpoints.get('load_balancer_uids').strings(),
    kubernetesIds: endpoints.get('kubernetes_ids').strings(),
  };
}
