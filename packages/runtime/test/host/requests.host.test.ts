// The exact bytes of our rtnetlink requests. The 802.1Q VLAN request matters
// most: this kernel has no 8021q module, so the request cannot be checked by
// creating a VLAN here; the bytes are checked against the kernel UAPI layout
// (hand-assembled below) and against pyroute2's encoder (what os-vif sends).
import { execFile } from 'node:child_process';
import * as R from '../../src/host/netlink/requests';

const hex = (s: string): string => s.replace(/\s+/g, '');
const ZERO_IFINFOMSG = '00000000 00000000 00000000 00000000';

/** Encodes an ifinfmsg with pyroute2 (real os-vif dependency) and returns the payload after nlmsghdr. */
function pyroute2Payload(attrsPython: string): Promise<string> {
  const code = [
    'from pyroute2.netlink.rtnl.ifinfmsg import ifinfmsg',
    'm = ifinfmsg()',
    `m['attrs'] = ${attrsPython}`,
    'm.encode()',
    'print(m.data[16:].hex())',
  ].join('\n');
  return new Promise((resolve, reject) =>
    execFile('/usr/bin/python3', ['-c', code], (err, stdout, stderr) => (err ? reject(new Error(stderr)) : resolve(stdout.trim()))),
  );
}

describe('rtnetlink request bytes', () => {
  it('VLAN: RTM_NEWLINK, CREATE|EXCL, IFNAME, IFLA_LINK=parent index, LINKINFO{kind vlan, data{IFLA_VLAN_ID u16}}', async () => {
    const req = R.createVlanRequest('vlan5', 7, 5);
    expect(req.type).toBe(16); // RTM_NEWLINK
    expect(req.flags).toBe(0x400 | 0x200); // NLM_F_CREATE | NLM_F_EXCL (REQUEST|ACK added by the socket)
    const expected = hex(
      `
      ${ZERO_IFINFOMSG}
      0a00 0300 766c616e35 00 0000          -- IFLA_IFNAME (3) "vlan5\\0", len 10, pad 2
      0800 0500 07000000                    -- IFLA_LINK (5) u32 7
      1c00 1200                             -- IFLA_LINKINFO (18), len 28
        0900 0100 766c616e 00 000000        -- IFLA_INFO_KIND (1) "vlan\\0", len 9, pad 3
        0c00 0200                           -- IFLA_INFO_DATA (2), len 12
          0600 0100 0500 0000               -- IFLA_VLAN_ID (1) u16 5, len 6, pad 2
    `.replace(/--.*$/gm, ''),
    );
    expect(req.payload.toString('hex')).toBe(expected);
    const py = await pyroute2Payload(
      "[('IFLA_IFNAME','vlan5'),('IFLA_LINK',7),('IFLA_LINKINFO',{'attrs':[('IFLA_INFO_KIND','vlan'),('IFLA_INFO_DATA',{'attrs':[('IFLA_VLAN_ID',5)]})]})]",
    );
    expect(req.payload.toString('hex')).toBe(py);
  });

  it('VLAN id 4094 and a 15-byte name encode as u16 and NUL-terminated', () => {
    const p = R.createVlanRequest('abcdefghijklmno', 0x01020304, 4094).payload;
    expect(p.readUInt16LE(16)).toBe(4 + 16); // 15 chars + NUL
    expect(p.subarray(20, 36).toString('latin1')).toBe('abcdefghijklmno\0');
    expect(p.readUInt32LE(40)).toBe(0x01020304);
    expect(p.subarray(p.length - 4, p.length - 2).readUInt16LE(0)).toBe(4094);
  });

  it("bridge as os-vif's ip.add(br,'bridge',ageing=0) matches pyroute2's encoding", async () => {
    const req = R.createBridgeRequest('br0', { forwardDelay: 0, stp: false, multicastSnooping: false, ageingTime: 0 });
    const py = await pyroute2Payload(
      "[('IFLA_IFNAME','br0'),('IFLA_LINKINFO',{'attrs':[('IFLA_INFO_KIND','bridge'),('IFLA_INFO_DATA',{'attrs':[('IFLA_BR_FORWARD_DELAY',0),('IFLA_BR_STP_STATE',0),('IFLA_BR_MCAST_SNOOPING',0),('IFLA_BR_AGEING_TIME',0)]})]})]",
    );
    expect(req.payload.toString('hex')).toBe(py);
  });

  it('bridge without options sends no IFLA_INFO_DATA (kernel defaults)', () => {
    const p = R.createBridgeRequest('br0').payload.toString('hex');
    // IFNAME "br0\0"; LINKINFO (len 16) holding only IFLA_INFO_KIND "bridge\0" (len 11, pad 1)
    expect(p).toBe(hex(`${ZERO_IFINFOMSG} 0800 0300 62723000  1000 1200 0b00 0100 627269646765 00 00`));
  });

  it('veth peer is a full ifinfomsg followed by the peer attributes', async () => {
    const req = R.createVethRequest('tap0', 'tap1');
    const py = await pyroute2Payload(
      "[('IFLA_IFNAME','tap0'),('IFLA_LINKINFO',{'attrs':[('IFLA_INFO_KIND','veth'),('IFLA_INFO_DATA',{'attrs':[('VETH_INFO_PEER',{'attrs':[('IFLA_IFNAME','tap1')]})]})]})]",
    );
    expect(req.payload.toString('hex')).toBe(py);
  });

  it('set: flags/change carry IFF_UP and IFF_PROMISC; mtu, master, address as attributes', () => {
    const p = R.setLinkRequest('eth0', {
      up: true,
      promisc: false,
      mtu: 9000,
      masterIndex: 3,
      mac: Buffer.from([2, 0, 0, 0, 0, 1]),
    }).payload;
    expect(p.readUInt32LE(8)).toBe(0x1); // flags: up, not promisc
    expect(p.readUInt32LE(12)).toBe(0x101); // change mask: IFF_UP | IFF_PROMISC
    expect(p.subarray(16).toString('hex')).toBe(
      hex(`
      0900 0300 6574683000 000000
      0800 0400 28230000
      0800 0a00 03000000
      0a00 0100 020000000001 0000`),
    );
    // master: null -> IFLA_MASTER 0 (release)
    const release = R.setLinkRequest('eth0', { masterIndex: 0 }).payload;
    expect(release.subarray(release.length - 8).toString('hex')).toBe('08000a0000000000');
    expect(release.readUInt32LE(12)).toBe(0); // flags untouched
  });

  it('delete and get address the link by IFLA_IFNAME', () => {
    expect(R.deleteLinkRequest('x').type).toBe(17);
    expect(R.deleteLinkRequest('x').payload.subarray(16).toString('hex')).toBe('060003007800' + '0000');
    expect(R.getLinkByNameRequest('x').type).toBe(18);
    expect(R.dumpLinksRequest().flags).toBe(0x300);
  });
});
