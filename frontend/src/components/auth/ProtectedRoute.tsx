// Signed-in users only; users who must change their password are sent to do that first.
import type { ReactNode } from 'react';
import { Box, CircularProgress } from '@mui/material';
import { Navigate, useLocation, useParams } from 'react-router';
import { permittedOn, useAuth } from '../../contexts/AuthContext';

export function ProtectedRoute({ children, permission }: { children: ReactNode; permission?: string }) {
  const { isAuthenticated, loading, mustChangePassword, hasPermission, me } = useAuth();
  const location = useLocation();
  // On a cluster page the permission is about the cluster in the URL: the active cluster the
  // context tracks is set after this first render, so a shared link would bounce otherwise.
  const { clusterId } = useParams();
  if (loading) {
    return (
      <Box sx={{ display: 'grid', placeItems: 'center', minHeight: '50vh' }}>
        <CircularProgress aria-label="Loading your session" />
      </Box>
    );
  }
  if (!isAuthenticated) return <Navigate to="/login" replace state={{ from: location }} />;
  if (mustChangePassword) return <Navigate to="/change-password" replace state={{ from: location }} />;
  if (permission) {
    const allowed = clusterId ? permittedOn(me, permission, clusterId) : hasPermission(permission);
    if (!allowed) return <Navigate to="/" replace />;
  }
  return <>{children}</>;
}
