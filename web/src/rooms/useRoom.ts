import { useCallback, useEffect, useRef, useState } from 'react';
import { newClientId, type RoomFrame, type RoomHistory, socketUrl } from './api';
import { applyFrame, contiguousSeq, emptyRoom, type RoomState } from './room-state';

export interface PendingPost {
  clientId: string;
  text: string;
  replyTo: number | null;
  image: string | null;
  error: string | null;
}

export type RoomStatus = 'connecting' | 'live' | 'offline';
export type RoomNotice = { kind: 'muted' | 'removed'; until?: number; reason: string } | null;

interface RoomSource {
  /** The member's personal link token; null for staff (the console's session cookie). */
  token: string | null;
  room: number;
  /** The member's id, to mark their own reactions; null for staff. */
  me: number | null;
  announcement: string | null;
  rules: string;
  history: () => Promise<RoomHistory>;
  /** Called with the last seq shown, for read positions. */
  onSeen?: (seq: number) => void;
}

const RECONNECT_MS = [500, 1000, 2000, 5000];

/**
 * A room's live state: the latest messages from history, then the socket — subscribed after the
 * last seq held, caught up and live, reconnecting after a drop and sending unanswered posts again
 * with their client ids (stored once however often they are sent).
 */
export function useRoom(source: RoomSource) {
  const { token, room, me } = source;
  const [state, setState] = useState<RoomState>(() => emptyRoom(source.announcement, source.rules));
  const [pending, setPending] = useState<PendingPost[]>([]);
  const [status, setStatus] = useState<RoomStatus>('connecting');
  const [notice, setNotice] = useState<RoomNotice>(null);
  const [loadError, setLoadError] = useState<Error | null>(null);
  const stateRef = useRef(state);
  const pendingRef = useRef(pending);
  const socketRef = useRef<WebSocket | null>(null);
  const historyRef = useRef(source.history);
  const seenRef = useRef(source.onSeen);
  historyRef.current = source.history;
  seenRef.current = source.onSeen;

  const update = useCallback((change: (s: RoomState) => RoomState) => {
    stateRef.current = change(stateRef.current);
    setState(stateRef.current);
  }, []);
  const updatePending = useCallback((change: (p: PendingPost[]) => PendingPost[]) => {
    pendingRef.current = change(pendingRef.current);
    setPending(pendingRef.current);
  }, []);

  useEffect(() => {
    let disposed = false;
    let attempt = 0;
    let floor = 0;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const sendPost = (socket: WebSocket, p: PendingPost) =>
      socket.send(
        JSON.stringify({
          type: 'post',
          room,
          clientId: p.clientId,
          text: p.text,
          ...(p.replyTo ? { replyTo: p.replyTo } : {}),
          ...(p.image ? { image: p.image } : {}),
        }),
      );

    const connect = () => {
      if (disposed) return;
      setStatus('connecting');
      const socket = new WebSocket(socketUrl(token));
      socketRef.current = socket;
      socket.onopen = () => {
        socket.send(JSON.stringify({ type: 'subscribe', room, since: contiguousSeq(stateRef.current, floor) }));
      };
      socket.onmessage = (event) => {
        const frame = JSON.parse(String(event.data)) as Omit<RoomFrame, 'type'> & {
          type: RoomFrame['type'] | 'ready' | 'subscribed' | 'ack' | 'error' | 'pong';
          clientId?: string;
          code?: string;
          message?: string;
        };
        switch (frame.type) {
          case 'subscribed':
            attempt = 0;
            setStatus('live');
            for (const p of pendingRef.current) if (!p.error) sendPost(socket, p);
            return;
          case 'ack':
            updatePending((list) => list.filter((p) => p.clientId !== frame.clientId));
            return;
          case 'error':
            if (frame.clientId)
              updatePending((list) =>
                list.map((p) => (p.clientId === frame.clientId ? { ...p, error: frame.message ?? '' } : p)),
              );
            return;
          case 'muted':
            setNotice({ kind: 'muted', until: frame.until, reason: frame.reason ?? '' });
            return;
          case 'removed':
            setNotice({ kind: 'removed', reason: frame.reason ?? '' });
            return;
          case 'message':
          case 'reaction':
          case 'hidden':
          case 'announcement':
            update((s) => applyFrame(s, frame as RoomFrame, me));
            if (frame.seq !== null) seenRef.current?.(frame.seq);
        }
      };
      socket.onclose = () => {
        if (socketRef.current === socket) socketRef.current = null;
        if (disposed) return;
        setStatus('offline');
        timer = setTimeout(connect, RECONNECT_MS[Math.min(attempt++, RECONNECT_MS.length - 1)]);
      };
    };

    historyRef
      .current()
      .then((history) => {
        if (disposed) return;
        floor = history.lastSeq;
        update((s) => history.frames.reduce((acc, f) => applyFrame(acc, f, me), s));
        seenRef.current?.(history.lastSeq);
        connect();
      })
      .catch((error: Error) => setLoadError(error));
    return () => {
      disposed = true;
      if (timer) clearTimeout(timer);
      socketRef.current?.close();
    };
  }, [token, room, me, update, updatePending]);

  const post = useCallback(
    (text: string, replyTo: number | null, image: string | null) => {
      const p: PendingPost = { clientId: newClientId(), text, replyTo, image, error: null };
      updatePending((list) => [...list, p]);
      const socket = socketRef.current;
      if (socket?.readyState === WebSocket.OPEN)
        socket.send(
          JSON.stringify({
            type: 'post',
            room,
            clientId: p.clientId,
            text,
            replyTo: replyTo ?? undefined,
            image: image ?? undefined,
          }),
        );
    },
    [room, updatePending],
  );

  const retry = useCallback(
    (clientId: string) => {
      const p = pendingRef.current.find((x) => x.clientId === clientId);
      if (!p) return;
      updatePending((list) => list.map((x) => (x.clientId === clientId ? { ...x, error: null } : x)));
      socketRef.current?.send(
        JSON.stringify({
          type: 'post',
          room,
          clientId,
          text: p.text,
          replyTo: p.replyTo ?? undefined,
          image: p.image ?? undefined,
        }),
      );
    },
    [room, updatePending],
  );

  const discard = useCallback(
    (clientId: string) => updatePending((list) => list.filter((x) => x.clientId !== clientId)),
    [updatePending],
  );

  const react = useCallback(
    (target: number, emoji: string, on: boolean) =>
      socketRef.current?.send(JSON.stringify({ type: 'react', room, target, emoji, on })),
    [room],
  );

  return { state, pending, status, notice, loadError, post, retry, discard, react };
}
