// Host networking: links over rtnetlink, sysctls over /proc/sys, and the
// agent seam that runs both in another namespace or a privileged helper.
export { NetlinkLinkApi } from './netlink/link-api';
export type { NetlinkLinkApiOptions } from './netlink/link-api';
export { RtnlSocket, KernelError } from './netlink/socket';
export type { RtnlSocketOptions } from './netlink/socket';
export * as linkRequests from './netlink/requests';
export { InvalidLinkArgumentError, linkErrorFromErrno } from './errors';
export { IpTuntapCreator, TapCreationError } from './tap/tuntap';
export type { TapCreator } from './tap/tuntap';
export { ProcSysctl, InvalidSysctlPathError, InvalidSysctlValueError, SysctlError, validateSysctlPath } from './sysctl/proc-sysctl';
