export * from './netns';
export * from './ovs';
export * from './python';
export * from './parity';
export * from './build';
