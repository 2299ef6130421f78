// The names of the files a state is made of, as strings (no file system): the adapters that
// read and write the state and `fwsync init`'s .gitignore lines must agree on them.

/**
 * The name of the folder of a state's shards, from the name of its manifest:
 * `state.json` → `state.shards`. The backup (`state.json.backup`, the previous manifest)
 * shares the folder, so that its shards are kept.
 */
export function shardFolderName(manifestName: string): string {
  let base = manifestName;
  if (base.endsWith('.backup') && base.length > '.backup'.length) base = base.slice(0, -'.backup'.length);
  const stem = base.endsWith('.json') && base.length > '.json'.length ? base.slice(0, -'.json'.length) : base;
  return `${stem}.shards`;
}
