// Signed-in users only; users who must change their password are sent to do that first.
import type { ReactNode } from 'react';
import { Box, CircularProgress } from '@mui/material';
import { Navigate, useLocation } from 'react-router';
import { useAuth } from '../../contexts/AuthContext';

export function ProtectedRoute({ children, permission }: { children: ReactNode; permission?: string }) {
  const { isAuthenticated, loading, mustChangePassword, hasPermission } = useAuth();
  const location = useLocation();
  if (loading) {
    return (
      <Box sx={{ display: 'grid', placeItems: 'center', minHeight: '50vh' }}>
        <CircularProgress aria-label="Loading your session" />
      </Box>
    );
  }
  if (!isAuthenticated) return <Navigate to="/login" replace state={{ from: location }} />;
  if (mustChangePassword) return <Navigate to="/change-password" replace state={{ from: location }} />;
  if (permission && !hasPermission(permission)) return <Navigate to="/" replace />;
  return <>{children}</>;
}
