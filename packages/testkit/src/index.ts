// @osvif/testkit: what a plugin author needs to test a plugin for real.
export * from './netns';
export * from './ovs';
