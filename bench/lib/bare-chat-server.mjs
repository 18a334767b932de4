// The bare broadcast server of the web-chat benchmark: `ws` only, no storage, no checks. A client
// connects to /?room=N; a frame it sends is sent as is to every socket of its room (itself too).
import { WebSocketServer } from 'ws';

const rooms = new Map();
const server = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: false });
server.on('connection', (socket, request) => {
  const room = new URL(request.url, 'http://x').searchParams.get('room');
  let members = rooms.get(room);
  if (!members) rooms.set(room, (members = new Set()));
  members.add(socket);
  socket.on('message', (data) => {
    const frame = data.toString();
    for (const member of members) member.send(frame);
  });
  socket.on('close', () => members.delete(socket));
});
server.on('listening', () => console.log(`port ${server.address().port} pid ${process.pid}`));
