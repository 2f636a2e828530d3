/** The real clients the e2e tests drive: skopeo, podman and a private dockerd with the docker CLI. */
export { Skopeo } from './skopeo';
export type { SkopeoInspection } from './skopeo';
export { Podman } from './podman';
export type { PodmanImage } from './podman';
export { startDockerd } from './docker-daemon';
export type { DockerDaemon } from './docker-daemon';
export { CommandError, runCommand } from './run-command';
export type { CommandResult } from './run-command';
