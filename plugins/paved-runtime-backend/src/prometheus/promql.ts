/** A PromQL regex string literal matching exactly one of `values` (Kubernetes names). */
export function oneOf(values: string[]): string {
  const escaped = [...new Set(values)].map(v =>
    v.replace(/[.*+?^${}()|[\]\\]/g, '\\\\$&').replace(/"/g, '\\"'),
  );
  return `"${escaped.join('|')}"`;
}

/** A sample value as a number; NaN, infinities and DCGM's "blank" sentinels become undefined. */
export function sampleValue(value: string | undefined): number | undefined {
  const n = Number(value);
  return Number.isFinite(n) && Math.abs(n) < 9.2e18 ? n : undefined;
}

/** dcgm-exporter's pod labels: `exported_*` when the scrape did not honour its labels. */
export function podKeyOf(labels: Record<string, string>): string | undefined {
  const namespace = labels.exported_namespace ?? labels.namespace;
  const pod = labels.exported_pod ?? labels.pod;
  return namespace && pod ? `${namespace}/${pod}` : undefined;
}

/** `Hostname` up to dcgm-exporter 4.5, `hostname` after its rename. */
export function hostOf(labels: Record<string, string>): string | undefined {
  return labels.Hostname ?? labels.hostname;
}
