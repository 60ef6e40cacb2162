import mongoose, { Schema } from 'mongoose';
import { withTestMongoose } from '../../support/db';

const Badge = mongoose.model('TestUniqueBadge', new Schema({ code: { type: String, required: true, unique: true } }));

describe('the test database engine', () => {
  const db = withTestMongoose('unique');

  it("connects mongoose to this file's own database", () => {
    expect(mongoose.connection.name).toMatch(/^opsdesk_t_/);
    expect(db.uri).toContain(mongoose.connection.name);
  });

  it('enforces a unique index', async () => {
    await Badge.create({ code: 'INC-1' });
    await expect(Badge.create({ code: 'INC-1' })).rejects.toMatchObject({ code: 11000 });
    expect(await Badge.countDocuments()).toBe(1);
  });
});
