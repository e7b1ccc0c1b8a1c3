import {
  StatusError,
  StatusOK,
  StatusPending,
  StatusWarning,
} from '@backstage/core-components';
import { ReactNode } from 'react';

const ICONS = {
  ok: StatusOK,
  warning: StatusWarning,
  error: StatusError,
  pending: StatusPending,
};

export type StatusLevel = keyof typeof ICONS;

/**
 * Backstage's status icon before a text that stays readable: the Status components hide their
 * children from assistive technology, so the text goes beside the icon; the text says the level.
 */
export function StatusText(props: { level: StatusLevel; children: ReactNode }) {
  const Icon = ICONS[props.level];
  return (
    <span style={{ display: 'inline-flex', alignItems: 'center' }}>
      <Icon />
      {props.children}
    </span>
  );
}
