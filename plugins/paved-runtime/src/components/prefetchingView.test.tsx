import { screen } from '@testing-library/react';
import { fullState } from '../__fixtures__/runtimeState';
import { renderCard, runtimeApiAnswering } from '../__testUtils__/renderCard';
import { prefetchingView } from './prefetchingView';

describe('prefetchingView', () => {
  it('asks for the runtime state while the view is still loading', async () => {
    const api = runtimeApiAnswering(fullState);
    let loadView: (view: () => JSX.Element) => void = () => {};
    const View = prefetchingView(
      () =>
        new Promise(resolve => {
          loadView = resolve;
        }),
    );
    await renderCard(<View />, api);
    // A suspended render starts over, so the read may be asked for more than once; the real
    // client hands all of them the same request.
    expect(api.calls).toBeGreaterThanOrEqual(1);
    expect(screen.queryByText('the view')).not.toBeInTheDocument();

    loadView(() => <p>the view</p>);
    expect(await screen.findByText('the view')).toBeInTheDocument();
  });

  it('renders an already loaded view without suspending', async () => {
    const api = runtimeApiAnswering(fullState);
    const View = prefetchingView(
      () => new Promise(() => {}),
      () => () => <p>the view</p>,
    );
    await renderCard(<View />, api);
    expect(screen.getByText('the view')).toBeInTheDocument();
    expect(api.calls).toBe(1);
  });
});
