import { Directive, Field, ObjectType, type ClassType } from 'type-graphql';

/** Where a page ends and whether another follows; the same in every subgraph, hence @shareable. */
@ObjectType({ description: 'Where a page ends, and whether another follows' })
@Directive('@shareable')
export class PageInfo {
  @Field()
  hasNextPage: boolean;

  @Field(() => String, { nullable: true, description: 'Pass as `after` for the next page' })
  endCursor: string | null;
}

/**
 * `<name>Connection { edges: [<name>Edge!]! pageInfo: PageInfo! }` for a node type: every
 * list in the graph pages the same way, so one definition serves them all.
 */
export function connectionOf<T extends object>(Node: ClassType<T>, name: string, description: string) {
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field()
    cursor: string;

    @Field(() => Node)
    node: T;
  }

  @ObjectType(`${name}Connection`, { description })
  class Connection {
    @Field(() => [Edge])
    edges: Edge[];

    @Field(() => PageInfo)
    pageInfo: PageInfo;
  }
  return Connection;
}
