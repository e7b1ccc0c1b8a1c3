import {
  EmptyState,
  InfoCard,
  LinkButton,
  ResponseErrorPanel,
} from '@backstage/core-components';
import Skeleton from '@material-ui/lab/Skeleton';
import {
  RuntimeSource,
  RuntimeState,
} from '@paved/plugin-paved-runtime-common';
import { ReactNode } from 'react';
import { useRuntimeState } from '../../hooks/useRuntimeState';
import { RUNTIME_DOCS_URL } from '../../docs';
import { SourceErrors } from './SourceErrors';

/** The loading placeholder of a card: a few text lines' worth of skeleton. */
function CardSkeleton({ label }: { label: string }) {
  return (
    <div role="progressbar" aria-busy="true" aria-label={`Loading ${label}`}>
      <Skeleton variant="text" width="40%" />
      <Skeleton variant="rect" height={24} />
      <Skeleton variant="text" />
      <Skeleton variant="text" width="60%" />
    </div>
  );
}

/** What a card says when the entity runs in no environment at all. */
function NoEnvironments() {
  return (
    <EmptyState
      missing="data"
      title="No environment found"
      description={
        <>
          No cluster of <code>kubernetes.clusterLocatorMethods</code> runs pods,
          Deployments or HorizontalPodAutoscalers of this entity. The runtime
          backend finds them by the{' '}
          <code>backstage.io/kubernetes-label-selector</code> or{' '}
          <code>backstage.io/kubernetes-id</code> annotation.
        </>
      }
      action={
        <LinkButton variant="outlined" color="primary" to={RUNTIME_DOCS_URL}>
          Read the runtime docs
        </LinkButton>
      }
    />
  );
}

/**
 * An InfoCard around one view of the runtime state: skeleton while the first read runs, the
 * request's error when there is no answer, "no environment" when the entity runs nowhere, and
 * otherwise the errors of the given sources above the content.
 */
export function RuntimeCard(props: {
  title: string;
  sources: RuntimeSource[];
  children: (state: RuntimeState) => ReactNode;
}) {
  const { title, sources, children } = props;
  const { state, error, loading } = useRuntimeState();
  let body: ReactNode;
  if (loading && !state) {
    body = <CardSkeleton label={title} />;
  } else if (!state) {
    body = <ResponseErrorPanel error={error ?? new Error('no answer')} />;
  } else {
    body = (
      <>
        <SourceErrors
          errors={state.errors.filter(e => sources.includes(e.source))}
          requestError={error}
          lastRead={state.generatedAt}
        />
        {state.environments.length ? children(state) : <NoEnvironments />}
      </>
    );
  }
  return (
    <InfoCard title={title} variant="gridItem">
      <section aria-label={title}>{body}</section>
    </InfoCard>
  );
}
