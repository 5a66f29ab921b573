// First sign-in (or after an admin reset): the password must be changed before anything else.
import { Alert, Box, Button, Paper, Typography } from '@mui/material';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { useAuth } from '../../contexts/AuthContext';
import { useToast } from '../common/Toasts';
import { returnPath } from './LoginPage';
import { PasswordForm } from './PasswordForm';

export function ChangePasswordPage() {
  const { isAuthenticated, mustChangePassword, user, logout, loading } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const notify = useToast();
  if (loading) return null;
  if (!isAuthenticated) return <Navigate to="/login" replace />;
  if (!mustChangePassword) return <Navigate to={returnPath(location.state)} replace />;
  return (
    <Box component="main" sx={{ minHeight: '100vh', display: 'grid', placeItems: 'center', p: 2 }}>
      <Paper variant="outlined" sx={{ p: 4, width: '100%', maxWidth: 440 }}>
        <Typography variant="h5" component="h1" sx={{ fontWeight: 700, mb: 1 }}>Choose a new password</Typography>
        <Alert severity="info" sx={{ mb: 2 }}>
          {user?.username}, your password was set by an administrator. Choose your own to continue.
        </Alert>
        <PasswordForm
          submitLabel="Set password and continue"
          onDone={() => { notify('Password changed'); navigate(returnPath(location.state), { replace: true }); }}
          extraActions={<Button onClick={logout}>Sign out</Button>} />
      </Paper>
    </Box>
  );
}
