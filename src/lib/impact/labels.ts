/** Localised labels of the impact dashboard. */
import { m } from '$lib/paraglide/messages';

const METRICS: Record<string, () => string> = {
	enterprises_total: m.impact_metric_enterprises_total,
	registered: m.impact_metric_registered,
	founded_in_year: m.impact_metric_founded_in_year,
	pipeline: m.impact_metric_pipeline,
	jobs: m.impact_metric_jobs,
	flex_jobs: m.impact_metric_flex_jobs,
	sroi: m.impact_metric_sroi
};

export const metricLabel = (metric: string): string => METRICS[metric]?.() ?? metric;
