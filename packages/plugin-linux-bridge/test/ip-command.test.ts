// The `ip` calls of the address/route move, with a scripted CommandRunner:
// argument arrays (never a shell), JSON parsing, typed failures.
import { CommandRunner, HostCommandFailedError } from '@osvif/sdk';
import { UnexpectedCommandOutputError } from '@osvif/plugin-linux-bridge';
import { IpCommand } from '../src/bridge/ip-command';

function runner(
  reply: (args: readonly string[]) => { stdout?: string; stderr?: string; exitCode?: number },
  calls: string[][] = [],
): CommandRunner {
  return {
    run: async (file, args) => {
      expect(file).toBe('ip');
      calls.push([...args]);
      const r = reply(args);
      return { stdout: r.stdout ?? '', stderr: r.stderr ?? '', exitCode: r.exitCode ?? 0 };
    },
  };
}

describe('IpCommand', () => {
  it('reads global IPv4 addresses (primary and secondary) and via-routes from ip -j', async () => {
    const ip = new IpCommand(
      runner((args) => {
        if (args.includes('addr')) {
          return {
            stdout: JSON.stringify([
              {
                ifname: 'eth9',
                addr_info: [
                  { family: 'inet', local: '10.0.0.5', prefixlen: 24, broadcast: '10.0.0.255', scope: 'global' },
                  { family: 'inet', local: '10.0.0.6', prefixlen: 24, scope: 'global', secondary: true },
                  { family: 'inet6', local: '2001:db8::1', prefixlen: 64 },
                ],
              },
            ]),
          };
        }
        return {
          stdout: JSON.stringify([
            { dst: 'default', gateway: '10.0.0.1', metric: 50, flags: [] },
            { dst: '10.0.0.0/24', protocol: 'kernel', scope: 'link', prefsrc: '10.0.0.5', flags: [] },
            { dst: '172.16.0.0/16', gateway: '10.0.0.9', protocol: 'static', prefsrc: '10.0.0.6', flags: ['onlink'] },
          ]),
        };
      }),
    );
    const addrs = await ip.globalIpv4Addresses('eth9');
    expect(addrs).toEqual([
      { local: '10.0.0.5', prefixlen: 24, broadcast: '10.0.0.255', secondary: false },
      { local: '10.0.0.6', prefixlen: 24, secondary: true },
    ]);
    const routes = await ip.viaRoutes('eth9');
    expect(routes.map((r) => ip.routeArgs(r, 'brq1'))).toEqual([
      ['default', 'via', '10.0.0.1', 'dev', 'brq1', 'metric', '50'],
      ['172.16.0.0/16', 'via', '10.0.0.9', 'dev', 'brq1', 'proto', 'static', 'src', '10.0.0.6', 'onlink'],
    ]);
    expect(ip.addressArgs(addrs[0]!)).toEqual(['10.0.0.5/24', 'brd', '10.0.0.255', 'scope', 'global']);
  });

  it('throws HostCommandFailedError on a non-zero exit and UnexpectedCommandOutputError on output it cannot read', async () => {
    const failing = new IpCommand(runner(() => ({ exitCode: 1, stderr: 'Device "eth9" does not exist.\n' })));
    await expect(failing.viaRoutes('eth9')).rejects.toBeInstanceOf(HostCommandFailedError);
    await expect(failing.viaRoutes('eth9')).rejects.toMatchObject({
      file: 'ip',
      exitCode: 1,
      args: ['-j', '-4', 'route', 'show', 'dev', 'eth9'],
    });
    const garbled = new IpCommand(runner(() => ({ stdout: 'default via 10.0.0.1\n' })));
    await expect(garbled.viaRoutes('eth9')).rejects.toBeInstanceOf(UnexpectedCommandOutputError);
    const object = new IpCommand(runner(() => ({ stdout: '{}' })));
    await expect(object.globalIpv4Addresses('eth9')).rejects.toThrow(/expected a JSON array/);
  });
});
