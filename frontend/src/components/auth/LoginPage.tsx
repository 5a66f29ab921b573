import { useState, type FormEvent } from 'react';
import {
  Alert, Box, Button, Paper, Stack, TextField, Typography,
} from '@mui/material';
import { Navigate, useLocation, useNavigate, type Location } from 'react-router';
import { useAuth } from '../../contexts/AuthContext';
import { errorMessage } from '../../services/api';

interface FromState { from?: Location }

/** Where to go after signing in: back to where the session ended, else home. */
export function returnPath(state: unknown): string {
  const from = (state as FromState | null)?.from;
  if (!from || from.pathname === '/login' || from.pathname === '/change-password') return '/';
  return `${from.pathname}${from.search ?? ''}${from.hash ?? ''}`;
}

export function LoginPage() {
  const { login, isAuthenticated, mustChangePassword, sessionMessage } = useAuth();
  const location = useLocation();
  const navigate = useNavigate();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const target = returnPath(location.state);

  if (isAuthenticated && !busy) {
    return <Navigate to={mustChangePassword ? '/change-password' : target} replace state={location.state} />;
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await login(username.trim(), password);
      navigate(target, { replace: true, state: location.state });
    } catch (e) {
      setError(errorMessage(e));
      setPassword('');
    } finally {
      setBusy(false);
    }
  };

  return (
    <Box component="main" sx={{ minHeight: '100vh', display: 'grid', placeItems: 'center', p: 2, bgcolor: 'background.default' }}>
      <Paper variant="outlined" sx={{ p: 4, width: '100%', maxWidth: 400 }}>
        <Stack component="form" spacing={2} onSubmit={submit} aria-label="Sign in" noValidate>
          <Box>
            <Typography variant="h5" component="h1" sx={{ fontWeight: 700 }}>kubedeck</Typography>
            <Typography variant="body2" color="text.secondary">Sign in to manage your clusters</Typography>
          </Box>
          {sessionMessage && !error ? <Alert severity="info">{sessionMessage}</Alert> : null}
          {error ? <Alert severity="error" role="alert">{error}</Alert> : null}
          <TextField label="Username" name="username" autoComplete="username" autoFocus
            value={username} onChange={(e) => setUsername(e.target.value)} />
          <TextField label="Password" name="password" type="password" autoComplete="current-password"
            value={password} onChange={(e) => setPassword(e.target.value)} />
          <Button type="submit" variant="contained" size="large" disabled={busy || !username || !password}>
            {busy ? 'Signing in…' : 'Sign in'}
          </Button>
        </Stack>
      </Paper>
    </Box>
  );
}
