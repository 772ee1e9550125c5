export * from './python';
export * from './parity';
export * from './negotiation/network-host';
