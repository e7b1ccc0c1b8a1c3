import { Link } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { ReactNode } from 'react';
import { RUNTIME_DOCS_URL } from '../../docs';

/** A card's "nothing of this kind here" line, with the docs link that explains what is read. */
export function EmptyNote({ children }: { children: ReactNode }) {
  return (
    <Typography variant="body2" role="status">
      {children} <Link to={RUNTIME_DOCS_URL}>What the runtime API reads</Link>
    </Typography>
  );
}
