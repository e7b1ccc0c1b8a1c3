import {
  LegendDisplayMode,
  LegendPlacement,
  LineStyleBuilder,
  SortOrder,
  TooltipDisplayMode,
  VizLegendOptionsBuilder,
  VizTooltipOptionsBuilder,
} from '@grafana/grafana-foundation-sdk/common';
import { DataqueryBuilder } from '@grafana/grafana-foundation-sdk/prometheus';
import { PanelBuilder } from '@grafana/grafana-foundation-sdk/timeseries';
import { PROMETHEUS_DATASOURCE } from './prometheusDatasource';

/** One Prometheus query of a panel and the legend of the series it returns. */
export interface QuerySpec {
  expr: string;
  legend: string;
}

/** What sets one time series panel apart from the others; {@link timeseriesPanel} adds the rest. */
export interface PanelSpec {
  id: number;
  title: string;
  description: string;
  unit: string;
  queries: QuerySpec[];
  width: number;
  min?: number;
  max?: number;
  /** Series whose display name matches get a dashed line: limits, targets, bounds. */
  dashed?: string;
}

/** A row of the dashboard and the panels under it. */
export interface RowSpec {
  id: number;
  title: string;
  panels: PanelSpec[];
}

/**
 * A time series panel as every panel of the service dashboard looks: 8 units high, thin lines
 * with a light fill, a bottom legend, a sorted multi-series tooltip, and each query against the
 * dashboard's Prometheus with refIds A, B, C, ...
 */
export function timeseriesPanel(spec: PanelSpec): PanelBuilder {
  const builder = new PanelBuilder()
    .id(spec.id)
    .title(spec.title)
    .description(spec.description)
    .datasource(PROMETHEUS_DATASOURCE)
    .unit(spec.unit)
    .gridPos({ h: 8, w: spec.width, x: 0, y: 0 })
    .lineWidth(1)
    .fillOpacity(10)
    .spanNulls(false)
    .legend(
      new VizLegendOptionsBuilder()
        .showLegend(true)
        .displayMode(LegendDisplayMode.List)
        .placement(LegendPlacement.Bottom)
        .calcs([]),
    )
    .tooltip(
      new VizTooltipOptionsBuilder()
        .mode(TooltipDisplayMode.Multi)
        .sort(SortOrder.Descending),
    );
  if (spec.min !== undefined) builder.min(spec.min);
  if (spec.max !== undefined) builder.max(spec.max);
  if (spec.dashed) {
    builder.overrideByRegexp(spec.dashed, [
      {
        id: 'custom.lineStyle',
        value: new LineStyleBuilder().fill('dash').dash([10, 10]).build(),
      },
      { id: 'custom.fillOpacity', value: 0 },
    ]);
  }
  spec.queries.forEach((query, index) => {
    builder.withTarget(
      new DataqueryBuilder()
        .datasource(PROMETHEUS_DATASOURCE)
        .expr(query.expr)
        .legendFormat(query.legend)
        .range()
        .refId(String.fromCharCode(65 + index)),
    );
  });
  return builder;
}
