import { fromPrimitive, Network, VIFOpenVSwitch, VIFPortProfileOpenVSwitch, fingerprint, objectRegistry, Subnet, SubnetList, FixedIP, FixedIPList, RouteList } from '@osvif/sdk';

it('smoke', () => {
  const net = new Network({ id: '437c6db5-4e6f-4b43-b64b-ed6a11ee5ba7', bridge: 'br0', subnets: new SubnetList({ objects: [new Subnet({ cidr: '10.0.0.0/24', dns: ['8.8.8.8'], ips: new FixedIPList({ objects: [new FixedIP({ address: '10.0.0.2', floating_ips: [] })] }), routes: new RouteList({ objects: [] }) })] }) });
  const vif = new VIFOpenVSwitch({ id: 'b679325f-ca89-4ee0-a8be-6db1409b69ea', address: 'CA:FE:DE:AD:BE:EF', network: net, plugin: 'ovs', vif_name: 'tap0', bridge_name: 'br-int', port_profile: new VIFPortProfileOpenVSwitch({ interface_id: 'b679325f-ca89-4ee0-a8be-6db1409b69ea', profile_id: 'x' }) });
  const p = vif.toPrimitive();
  console.log(JSON.stringify(p));
  const back = fromPrimitive(JSON.parse(JSON.stringify(p)));
  expect(back.equals(vif)).toBe(true);
  console.log(objectRegistry.classes().map((c) => `${c.objName} ${fingerprint(c)}`).join('\n'));
  console.log(String(vif));
});
