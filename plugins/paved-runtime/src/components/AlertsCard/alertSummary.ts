import {
  RuntimeAlert,
  RuntimeEnvironment,
} from '@paved/plugin-paved-runtime-common';

/** An alert with the environment it fires in. */
export interface PlacedAlert {
  environment: RuntimeEnvironment;
  alert: RuntimeAlert;
}

/** `silenced`, `inhibited`, or `firing` for an active alert. */
export function alertStateLabel(alert: RuntimeAlert): string {
  if (alert.silencedBy.length) {
    return 'silenced';
  }
  if (alert.inhibitedBy.length) {
    return 'inhibited';
  }
  return alert.state === 'suppressed' ? 'suppressed' : 'firing';
}

const SEVERITY_ORDER = ['critical', 'error', 'warning', 'info'];

function severityRank(severity: string | null): number {
  const index = SEVERITY_ORDER.indexOf(severity ?? '');
  return index === -1 ? SEVERITY_ORDER.length : index;
}

/** Active alerts per severity, most severe first; silenced and inhibited alerts not counted. */
export function countBySeverity(
  alerts: RuntimeAlert[],
): { severity: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const alert of alerts) {
    if (alert.state === 'active') {
      const severity = alert.severity ?? 'none';
      counts.set(severity, (counts.get(severity) ?? 0) + 1);
    }
  }
  return [...counts]
    .map(([severity, count]) => ({ severity, count }))
    .sort((a, b) => severityRank(a.severity) - severityRank(b.severity));
}

/** All alerts of all environments, most severe and then oldest first. */
export function placeAlerts(environments: RuntimeEnvironment[]): PlacedAlert[] {
  return environments
    .flatMap(environment =>
      environment.alerts.items.map(alert => ({ environment, alert })),
    )
    .sort(
      (a, b) =>
        severityRank(a.alert.severity) - severityRank(b.alert.severity) ||
        a.alert.startsAt.localeCompare(b.alert.startsAt),
    );
}
