// Providers and routes. Cluster pages live under /c/:clusterId/... so links can be shared;
// pages are lazy-loaded so the login page stays small.
import { lazy, Suspense, type ReactNode } from 'react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter, Navigate, Route, Routes, useParams } from 'react-router';
import { ChangePasswordPage } from './components/auth/ChangePasswordPage';
import { LoginPage } from './components/auth/LoginPage';
import { ProtectedRoute } from './components/auth/ProtectedRoute';
import { ColorModeProvider } from './components/common/ColorMode';
import { LoadingRows } from './components/common/States';
import { ToastProvider } from './components/common/Toasts';
import { AuthProvider } from './contexts/AuthContext';
import { ClusterProvider, useClusters } from './contexts/ClusterContext';
import { ApiError } from './services/api';

const Layout = lazy(() => import('./components/common/Layout').then((m) => ({ default: m.Layout })));
const OverviewPage = lazy(() => import('./components/overview/OverviewPage').then((m) => ({ default: m.OverviewPage })));
const ResourceListPage = lazy(() => import('./components/resources/ResourceListPage').then((m) => ({ default: m.ResourceListPage })));
const ResourceDetailPage = lazy(() => import('./components/resources/ResourceDetailPage').then((m) => ({ default: m.ResourceDetailPage })));
const ClustersPage = lazy(() => import('./components/clusters/ClustersPage').then((m) => ({ default: m.ClustersPage })));
const FleetPage = lazy(() => import('./components/overview/FleetPage').then((m) => ({ default: m.FleetPage })));
const UserManagement = lazy(() => import('./components/admin/UserManagement').then((m) => ({ default: m.UserManagement })));
const KubectlPage = lazy(() => import('./components/kubectl/KubectlPage').then((m) => ({ default: m.KubectlPage })));
const AuditLog = lazy(() => import('./components/admin/AuditLog').then((m) => ({ default: m.AuditLog })));
const HelmDashboard = lazy(() => import('./components/helm/HelmDashboard').then((m) => ({ default: m.HelmDashboard })));
const InstallChart = lazy(() => import('./components/helm/InstallChart').then((m) => ({ default: m.InstallChart })));
const ReleaseDetail = lazy(() => import('./components/helm/ReleaseDetail').then((m) => ({ default: m.ReleaseDetail })));
// Cost pages carry Recharts: their own chunk, never in the login/overview bundle.
const CostDashboard = lazy(() => import('./components/cost/CostDashboard').then((m) => ({ default: m.CostDashboard })));

export function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // A 4xx will not change by asking again; network blips and 5xx get one more try.
        retry: (count, error) => count < 1 && !(error instanceof ApiError && error.status < 500),
        refetchOnWindowFocus: true,
        staleTime: 2_000,
      },
      mutations: { retry: false },
    },
  });
}

function Page({ children }: { children: ReactNode }) {
  return <Suspense fallback={<LoadingRows label="Loading page" />}>{children}</Suspense>;
}

/** `/` goes to the active cluster's overview (or the clusters page when there is none). */
function Home() {
  const { activeCluster, loading } = useClusters();
  if (loading) return <LoadingRows label="Loading clusters" />;
  if (!activeCluster) return <Navigate to="/clusters" replace />;
  return <Navigate to={`/c/${encodeURIComponent(activeCluster.id)}/overview`} replace />;
}

/** A fresh list page per kind (search and sort do not leak from pods to deployments). */
function ResourceListRoute() {
  const { resource } = useParams();
  return <ResourceListPage key={resource} />;
}

export function AppRoutes() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route path="/change-password" element={<ChangePasswordPage />} />
      <Route element={<ProtectedRoute><Page><Layout /></Page></ProtectedRoute>}>
        <Route index element={<Home />} />
        <Route path="clusters" element={<Page><ClustersPage /></Page>} />
        <Route path="fleet" element={<Page><FleetPage /></Page>} />
        <Route path="admin/users" element={<ProtectedRoute permission="users:manage"><Page><UserManagement /></Page></ProtectedRoute>} />
        <Route path="admin/audit" element={<ProtectedRoute permission="audit:read"><Page><AuditLog /></Page></ProtectedRoute>} />
        <Route path="cost/all" element={<Page><CostDashboard fleet /></Page>} />
        <Route path="c/:clusterId">
          <Route index element={<Navigate to="overview" replace />} />
          <Route path="overview" element={<Page><OverviewPage /></Page>} />
          <Route path="kubectl" element={<ProtectedRoute permission="kubectl:run"><Page><KubectlPage /></Page></ProtectedRoute>} />
          {/* Helm permissions are per cluster and known only once the cluster is: the pages
              hide what the role may not do, and the API refuses it (403) anyway. */}
          <Route path="helm" element={<Navigate to="releases" replace />} />
          <Route path="helm/install" element={<ProtectedRoute permission="helm:install"><Page><InstallChart /></Page></ProtectedRoute>} />
          <Route path="helm/:tab" element={<ProtectedRoute permission="helm:read"><Page><HelmDashboard /></Page></ProtectedRoute>} />
          <Route path="helm/releases/:namespace/:name" element={<ProtectedRoute permission="helm:read"><Page><ReleaseDetail /></Page></ProtectedRoute>} />
          <Route path="cost" element={<Page><CostDashboard /></Page>} />
          <Route path=":resource" element={<Page><ResourceListRoute /></Page>} />
          <Route path=":resource/:name" element={<Page><ResourceDetailPage /></Page>} />
          <Route path=":resource/:namespace/:name" element={<Page><ResourceDetailPage /></Page>} />
        </Route>
        <Route path="*" element={<Navigate to="/" replace />} />
      </Route>
    </Routes>
  );
}

export function Providers({ children, queryClient }: { children: ReactNode; queryClient: QueryClient }) {
  return (
    <QueryClientProvider client={queryClient}>
      <ColorModeProvider>
        <ToastProvider>
          <AuthProvider>
            <ClusterProvider>{children}</ClusterProvider>
          </AuthProvider>
        </ToastProvider>
      </ColorModeProvider>
    </QueryClientProvider>
  );
}

const queryClient = makeQueryClient();

export function App() {
  return (
    <BrowserRouter>
      <Providers queryClient={queryClient}>
        <AppRoutes />
      </Providers>
    </BrowserRouter>
  );
}
