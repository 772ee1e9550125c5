// The iptables-save / iptables-restore text format, `-c` flavour:
//   *filter
//   :INPUT ACCEPT [0:0]
//   [12:3400] -A FORWARD -i br0 -j ACCEPT
//   COMMIT
// Parsed into tables of chain declarations and rules, and rendered back.
import { IptablesSaveParseError } from './errors';

export interface ChainDecl {
  readonly name: string;
  /** ACCEPT/DROP for built-in chains, '-' for user chains. */
  readonly policy: string;
  readonly counters: string;
}

export interface SavedRule {
  readonly chain: string;
  /** Everything after `-A <chain> `, as printed (iptables-save uses single spaces outside quotes). */
  readonly spec: string;
  /** `[packets:bytes]`, when present. */
  readonly counters?: string;
}

export interface SavedTable {
  readonly name: string;
  readonly chains: readonly ChainDecl[];
  readonly rules: readonly SavedRule[];
}

const DECL = /^:(\S+)\s+(\S+)(?:\s+(\[\d+:\d+\]))?\s*$/;
const RULE = /^(?:(\[\d+:\d+\])\s+)?-A\s+(\S+)(?:\s+(.*))?$/;

/** Tables in output order, by name. Comments and blank lines are dropped. */
export function parseSave(text: string, command: string): Map<string, SavedTable> {
  const tables = new Map<string, SavedTable>();
  let current: { name: string; chains: ChainDecl[]; rules: SavedRule[] } | undefined;
  const lines = text.split('\n');
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    if (line.startsWith('*')) {
      if (current) throw new IptablesSaveParseError(command, i + 1, `table ${line} starts before COMMIT of *${current.name}`);
      current = { name: line.slice(1), chains: [], rules: [] };
      return;
    }
    if (!current) throw new IptablesSaveParseError(command, i + 1, `line outside a table: ${JSON.stringify(line)}`);
    if (line === 'COMMIT') {
      tables.set(current.name, current);
      current = undefined;
      return;
    }
    const decl = DECL.exec(line);
    if (decl) {
      current.chains.push({ name: decl[1]!, policy: decl[2]!, counters: decl[3] ?? '[0:0]' });
      return;
    }
    const rule = RULE.exec(line);
    if (rule) {
      // Kept as printed: a foreign rule may quote text with runs of spaces (-m comment).
      const r: SavedRule = { chain: rule[2]!, spec: (rule[3] ?? '').trim() };
      current.rules.push(rule[1] ? { ...r, counters: rule[1] } : r);
      return;
    }
    throw new IptablesSaveParseError(command, i + 1, `unexpected line ${JSON.stringify(line)}`);
  });
  if (current) throw new IptablesSaveParseError(command, lines.length, `table *${current.name} has no COMMIT`);
  return tables;
}

export function ruleLine(r: SavedRule): string {
  const body = r.spec ? `-A ${r.chain} ${r.spec}` : `-A ${r.chain}`;
  return `${r.counters ?? '[0:0]'} ${body}`;
}

/** The text iptables-restore -c reads for one table. */
export function renderTable(t: SavedTable): string[] {
  return [`*${t.name}`, ...t.chains.map((c) => `:${c.name} ${c.policy} ${c.counters}`), ...t.rules.map(ruleLine), 'COMMIT'];
}

/**
 * What the kernel will do with a table, without counters or line order across
 * chains: the chain set with policies and each chain's rules in order.
 */
export function rulesetKey(t: SavedTable): string {
  const chains = [...t.chains].map((c) => `${c.name} ${c.policy}`).sort();
  const byChain = new Map<string, string[]>();
  for (const r of t.rules) {
    const list = byChain.get(r.chain) ?? [];
    list.push(r.spec);
    byChain.set(r.chain, list);
  }
  const rules = [...byChain.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify({ chains, rules });
}
