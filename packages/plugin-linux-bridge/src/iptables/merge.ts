// os-vif's IptablesManager._modify_rules, as a pure function from the table
// iptables-save printed (or none) and our model to the table to restore.
//
// Kept from os-vif: our chain declarations and rules replace every earlier trace
// of ours; the shared top rules (jumps to nova-filter-top) go first, reusing
// their counters; top-regex rules go before everything, bottom-regex rules
// last; a table iptables-save did not print is created.
// Deliberately different (see README "Differences from os-vif"):
//  - "ours" means a chain named `<binary>-*`, a rule in one, or a rule jumping
//    to one, not any line that merely contains the binary name (differences.md D21);
//  - rules already in our wrapped chains are adopted, not dropped, so a new
//    process (every `osvif plug` is one) keeps the rules of earlier ones;
//  - foreign rules are never de-duplicated or reordered, except by the regexes;
//  - the regexes see `-A CHAIN spec` rule lines only, never `*table`,
//    declarations or COMMIT.
import { ChainDecl, SavedRule, SavedTable } from './save-format';
import { IptablesTable } from './table';

export interface MergeOptions {
  readonly topRegex?: RegExp;
  readonly bottomRegex?: RegExp;
}

const JUMP_OPTIONS = new Set(['-j', '--jump', '-g', '--goto']);

/** The target of a rule's -j / -g, if any. */
export function jumpTarget(spec: string): string | undefined {
  const words = spec.split(' ');
  for (let i = 0; i < words.length - 1; i++) if (JUMP_OPTIONS.has(words[i]!)) return words[i + 1];
  return undefined;
}

/**
 * Whether `saved` (as iptables-save prints it) is the rule we write as `ours`.
 * Our rules end with `-j <target>`; iptables-save may append the target's
 * default options (`-j REJECT` comes back as `-j REJECT --reject-with
 * icmp-port-unreachable`), so a saved rule that extends ours word-wise is ours.
 */
export function sameRule(saved: string, ours: string): boolean {
  return saved === ours || (jumpTarget(ours) !== undefined && saved.startsWith(`${ours} `));
}

export function mergeTable(current: SavedTable | undefined, model: IptablesTable, options: MergeOptions = {}): SavedTable {
  const prefix = `${model.binaryName}-`;
  const isOurChain = (name: string): boolean => name.startsWith(prefix);
  const isOurRule = (r: SavedRule): boolean => isOurChain(r.chain) || (jumpTarget(r.spec)?.startsWith(prefix) ?? false);
  const key = (chain: string, spec: string): string => `${chain}\u0000${spec}`;

  const curChains = current?.chains ?? [];
  const curRules = current?.rules ?? [];

  // Counters of existing rules, so that re-applying does not reset them.
  const counters = new Map<string, string[]>();
  for (const r of curRules) {
    if (!r.counters) continue;
    const k = key(r.chain, r.spec);
    counters.set(k, [...(counters.get(k) ?? []), r.counters]);
  }
  const takeCounters = (chain: string, spec: string): string | undefined => counters.get(key(chain, spec))?.shift();

  // Rules already in our wrapped chains (from earlier processes or runs), per chain, in order.
  const adopted = new Map<string, SavedRule[]>();
  for (const r of curRules) {
    if (!isOurChain(r.chain)) continue;
    const short = r.chain.slice(prefix.length);
    if (!model.hasChain(short)) continue; // a chain of ours we no longer have: dropped, as os-vif does
    adopted.set(short, [...(adopted.get(short) ?? []), r]);
  }

  let foreign = curRules.filter((r) => !isOurRule(r));

  // Shared top rules: move an existing copy (with its counters) to the top.
  const top: SavedRule[] = [];
  for (const r of model.rules.filter((x) => x.top)) {
    const chain = model.chainName(r.chain, r.wrap);
    const existing = foreign.filter((f) => f.chain === chain && f.spec === r.rule);
    foreign = foreign.filter((f) => !(f.chain === chain && f.spec === r.rule));
    const last = existing[existing.length - 1];
    top.push(last ?? { chain, spec: r.rule });
  }

  const matches = (re: RegExp, r: SavedRule): boolean => {
    re.lastIndex = 0;
    return re.test(r.spec ? `-A ${r.chain} ${r.spec}` : `-A ${r.chain}`);
  };
  let topRegexRules: SavedRule[] = [];
  if (options.topRegex) {
    const re = options.topRegex;
    topRegexRules = foreign.filter((r) => matches(re, r));
    foreign = foreign.filter((r) => !topRegexRules.includes(r));
  }
  let bottomRegexRules: SavedRule[] = [];
  if (options.bottomRegex) {
    const re = options.bottomRegex;
    bottomRegexRules = foreign.filter((r) => matches(re, r));
    foreign = foreign.filter((r) => !bottomRegexRules.includes(r));
  }

  // Our other rules, chain by chain: adopted ones first, then the model's; each once.
  const perChain = new Map<string, SavedRule[]>();
  const push = (chain: string, spec: string): void => {
    const list = perChain.get(chain) ?? [];
    if (!list.some((x) => sameRule(x.spec, spec))) list.push({ chain, spec });
    perChain.set(chain, list);
  };
  for (const r of model.rules) {
    if (r.top) continue;
    const chain = model.chainName(r.chain, r.wrap);
    if (r.wrap && !perChain.has(chain)) for (const a of adopted.get(r.chain) ?? []) push(chain, a.spec);
    push(chain, r.rule);
  }
  for (const [short, rules] of adopted) {
    const chain = model.wrappedName(short);
    if (!perChain.has(chain)) for (const a of rules) push(chain, a.spec);
  }
  // os-vif keeps the later copy of a duplicate: a foreign line equal to one of
  // our (unwrapped, binary-free) rules stays where it is, ours is dropped.
  const foreignKeys = new Set(foreign.map((r) => key(r.chain, r.spec)));
  const ours: SavedRule[] = [];
  for (const list of perChain.values()) {
    for (const r of list) {
      if (foreignKeys.has(key(r.chain, r.spec))) continue;
      const c = takeCounters(r.chain, r.spec);
      ours.push(c ? { ...r, counters: c } : r);
    }
  }

  const chains: ChainDecl[] = curChains.filter((c) => !isOurChain(c.name));
  const declared = new Set(chains.map((c) => c.name));
  for (const short of [...model.chains].sort()) chains.push({ name: model.wrappedName(short), policy: '-', counters: '[0:0]' });
  for (const name of model.unwrappedChains) if (!declared.has(name)) chains.push({ name, policy: '-', counters: '[0:0]' });

  return { name: model.name, chains, rules: [...topRegexRules, ...top, ...ours, ...foreign, ...bottomRegexRules] };
}
