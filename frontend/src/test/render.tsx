import type { ReactElement } from 'react';
import { render } from '@testing-library/react';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router';
import { Providers, makeQueryClient } from '../App';

export function LocationProbe() {
  const location = useLocation();
  return <div data-testid="location">{location.pathname}{location.search}</div>;
}

/** Renders `ui` at `route` inside every provider the app has, plus a location probe. */
export function renderWithApp(ui: ReactElement, { route = '/', path = '*' } = {}) {
  const queryClient = makeQueryClient();
  queryClient.setDefaultOptions({ queries: { ...queryClient.getDefaultOptions().queries, retry: false } });
  const result = render(
    <MemoryRouter initialEntries={[route]}>
      <Providers queryClient={queryClient}>
        <Routes>
          <Route path="/login" element={<div>login page</div>} />
          <Route path={path} element={ui} />
        </Routes>
        <LocationProbe />
      </Providers>
    </MemoryRouter>,
  );
  return { ...result, queryClient };
}
