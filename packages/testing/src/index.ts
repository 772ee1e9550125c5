export * from './netns';
export * from './ovs';
export * from './python';
